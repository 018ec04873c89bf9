-- Neovim's own LSP client (0.7+: start_client / buf_attach_client) against
-- `journey lsp --stdio`, driven headless by neovim.test.ts. Reads JOURNEY_WORKSPACE,
-- JOURNEY_BIN and JOURNEY_RESULT from the environment; writes what the client
-- received as JSON to JOURNEY_RESULT, then quits.
local workspace = os.getenv('JOURNEY_WORKSPACE')
local result = { errors = {} }

local function finish()
  local file = io.open(os.getenv('JOURNEY_RESULT'), 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qa!')
end

local ok, failure = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'journey',
    cmd = { 'node', os.getenv('JOURNEY_BIN'), 'lsp', '--stdio' },
    root_dir = workspace,
    workspace_folders = { { uri = vim.uri_from_fname(workspace), name = 'maps' } },
  })
  local client = vim.lsp.get_client_by_id(client_id)

  local function open(name)
    vim.cmd('edit ' .. workspace .. '/' .. name)
    local buffer = vim.api.nvim_get_current_buf()
    vim.bo[buffer].filetype = 'journey'
    vim.lsp.buf_attach_client(buffer, client_id)
    return buffer
  end

  local function request(method, params, buffer)
    local answer = client.request_sync(method, params, 10000, buffer)
    if not answer then table.insert(result.errors, method .. ': no answer within 10 s') return nil end
    if answer.err then table.insert(result.errors, method .. ': ' .. answer.err.message) return nil end
    return answer.result
  end

  -- Diagnostics of a map with mistakes, as "line:rule-id".
  local broken = open('broken-references.journey')
  vim.wait(20000, function() return #vim.diagnostic.get(broken) > 0 end, 50)
  result.diagnostics = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(broken)) do
    table.insert(result.diagnostics, (diagnostic.lnum + 1) .. ':' .. tostring(diagnostic.code))
  end

  -- Quick fixes for the first unresolved name, with the diagnostics as Neovim sends them.
  for _, diagnostic in ipairs(vim.diagnostic.get(broken)) do
    if diagnostic.code == 'unresolved-reference' then
      local sent = vim.lsp.diagnostic.get_line_diagnostics(broken, diagnostic.lnum, nil, client_id)
      local actions = request('textDocument/codeAction', {
        textDocument = { uri = vim.uri_from_bufnr(broken) }, range = sent[1].range, context = { diagnostics = sent },
      }, broken) or {}
      result.codeActions = {}
      for _, action in ipairs(actions) do table.insert(result.codeActions, action.title) end
      break
    end
  end

  -- Completion, definition, hover and rename at the first persona reference of a clean map.
  local media = open('media-subscription.journey')
  local document = { uri = vim.uri_from_bufnr(media) }
  local personas
  for index, line in ipairs(vim.api.nvim_buf_get_lines(media, 0, -1, false)) do
    local column = line:find('personas ', 1, true)
    if column then personas = { line = index - 1, character = column - 1 + #'personas ' } break end
  end
  local completion = request('textDocument/completion', { textDocument = document, position = personas }, media) or {}
  result.completion = {}
  for _, item in ipairs(completion.items or completion) do table.insert(result.completion, item.label) end

  local onName = { line = personas.line, character = personas.character + 1 }
  local definition = request('textDocument/definition', { textDocument = document, position = onName }, media) or {}
  result.definition = definition[1] and (definition[1].targetUri or definition[1].uri)
  local hover = request('textDocument/hover', { textDocument = document, position = onName }, media)
  result.hover = hover and hover.contents and hover.contents.value
  local rename = request('textDocument/rename', { textDocument = document, position = onName, newName = 'Lecteur' }, media) or {}
  result.renamed = {}
  for uri, edits in pairs(rename.changes or {}) do result.renamed[uri] = #edits end

  local formatting = request('textDocument/formatting', { textDocument = document, options = { tabSize = 2, insertSpaces = true } }, media)
  result.formattingEdits = formatting and #formatting
  local symbols = request('textDocument/documentSymbol', { textDocument = document }, media) or {}
  result.symbols = {}
  for _, symbol in ipairs(symbols) do table.insert(result.symbols, symbol.name) end

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end)
if not ok then table.insert(result.errors, tostring(failure)) end
finish()
