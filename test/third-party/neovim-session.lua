-- Neovim's own LSP client (0.7: start_client / buf_attach_client; no nvim-lspconfig)
-- against `journey lsp --stdio`, driven headless by neovim.test.ts:
--   nvim --headless -u NONE -i NONE -c 'luafile neovim-session.lua'
-- Environment: JOURNEY_WORKSPACE (a copy of common.journey, media-subscription.journey
-- and broken-references.journey), JOURNEY_BIN (bin/journey.js), JOURNEY_RESULT (the JSON
-- written here). XDG_CACHE_HOME should be private: Neovim's lsp.log (where it logs the
-- server's stderr) goes there.
--
-- Where Neovim has a user-level command, that is what runs (vim.lsp.buf.definition,
-- rename, code_action, references, formatting_sync, hover): its own handlers apply the
-- edits, jump, fill the quickfix list or open the float, and what the buffers then hold
-- is recorded. Every wait is bounded; a step that fails is recorded and the next runs.
local workspace = assert(os.getenv('JOURNEY_WORKSPACE'), 'JOURNEY_WORKSPACE')
local bin = assert(os.getenv('JOURNEY_BIN'), 'JOURNEY_BIN')
local output = assert(os.getenv('JOURNEY_RESULT'), 'JOURNEY_RESULT')
local api = vim.api
local clock = function() return vim.loop.hrtime() / 1e6 end
local started = clock()

vim.o.swapfile = false
-- JOURNEY_LSP_LOG=debug logs every message in lsp.log, to see what went over the wire.
if os.getenv('JOURNEY_LSP_LOG') then vim.lsp.set_log_level(os.getenv('JOURNEY_LSP_LOG')) end
local result = {
  nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch,
  errors = {}, notifications = {}, serverMessages = {}, timings = {}, published = {},
}
local function fail(message) table.insert(result.errors, message) end

-- What Neovim would otherwise show the user (vim.notify, e.g. "nothing to rename").
vim.notify = function(message, level) table.insert(result.notifications, { message = tostring(message), level = level }) end

-- The whole session's budget (JOURNEY_BUDGET_MS): no wait goes past it, so the session
-- always ends and writes its result, even when the server does not answer.
local deadline = started + (tonumber(os.getenv('JOURNEY_BUDGET_MS')) or 12000)
local function within(ms) return math.max(0, math.min(ms, math.floor(deadline - clock()))) end

-- Waits for a condition; records a failure when it does not come within ms.
local function wait(ms, what, condition)
  local limit = within(ms)
  if vim.wait(limit, condition, 20) then return true end
  fail(what .. ': not within ' .. limit .. ' ms' .. (limit < ms and ' (session budget spent)' or ''))
  return false
end

local function step(name, fn)
  local from = clock()
  local ok, failure = pcall(fn)
  if not ok then fail(name .. ': ' .. tostring(failure)) end
  result.timings[name] = math.floor(clock() - from)
end

local function path(name) return workspace .. '/' .. name end
local function lines(buffer) return api.nvim_buf_get_lines(buffer, 0, -1, false) end
local function find_line(buffer, pattern, from)
  for index, line in ipairs(lines(buffer)) do
    if index >= (from or 1) and line:find(pattern) then return index, line end
  end
  error('no line matches ' .. pattern)
end
-- Puts the cursor on the first character of `word` in the line matching `pattern` (+ offset bytes).
local function cursor_on(buffer, pattern, word, offset)
  api.nvim_set_current_buf(buffer)
  local row, line = find_line(buffer, pattern)
  local column = assert(line:find(word, 1, true), word .. ' not in ' .. line)
  api.nvim_win_set_cursor(0, { row, column - 1 + (offset or 0) })
  return row, line
end
local function count(buffer, text)
  local n = 0
  for _, line in ipairs(lines(buffer)) do
    local at = 1
    while true do
      local found = line:find(text, at, true)
      if not found then break end
      n, at = n + 1, found + #text
    end
  end
  return n
end

-- The last publishDiagnostics per file, as the server sent it (rule ids in `code`).
local publishes = {}
local handlers = {
  ['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
    local name = vim.fn.fnamemodify(vim.uri_to_fname(params.uri), ':t')
    publishes[name] = (publishes[name] or 0) + 1
    local published = {}
    for _, d in ipairs(params.diagnostics) do
      table.insert(published, { line = d.range.start.line + 1, code = d.code, severity = d.severity, message = d.message })
    end
    result.published[name] = published
    return vim.lsp.handlers['textDocument/publishDiagnostics'](err, params, ctx, config)
  end,
}
-- Server-to-client requests and notifications, recorded and then handled as Neovim does.
for _, method in ipairs({ 'client/registerCapability', 'workspace/configuration', 'window/workDoneProgress/create',
  'window/showMessage', 'window/logMessage', 'window/showMessageRequest', 'workspace/applyEdit', '$/progress' }) do
  handlers[method] = function(err, params, ctx, config)
    local message = { method = method }
    if method == 'window/showMessage' or method == 'window/logMessage' then message.text = params.message end
    if method == 'client/registerCapability' then
      message.text = table.concat(vim.tbl_map(function(r) return r.method end, params.registrations or {}), ', ')
    end
    table.insert(result.serverMessages, message)
    local default = vim.lsp.handlers[method]
    if default then return default(err, params, ctx, config) end
    return vim.NIL
  end
end


local exited
local client_id = vim.lsp.start_client({
  name = 'journey',
  cmd = { 'node', bin, 'lsp', '--stdio' },
  root_dir = workspace,
  workspace_folders = { { uri = vim.uri_from_fname(workspace), name = 'maps' } },
  handlers = handlers,
  on_init = function(client, initialize_result)
    local capabilities = initialize_result.capabilities
    result.server = {
      name = initialize_result.serverInfo and initialize_result.serverInfo.name,
      offsetEncoding = client.offset_encoding,
      textDocumentSync = capabilities.textDocumentSync,
      providers = vim.tbl_filter(function(key) return key:match('Provider$') ~= nil end, vim.tbl_keys(capabilities)),
    }
    table.sort(result.server.providers)
  end,
  on_exit = function(code, signal) exited = { code = code, signal = signal } end,
})
local client = vim.lsp.get_client_by_id(client_id)

-- Like nvim-lspconfig: *.journey is filetype journey, and each journey buffer is attached
-- (including those Neovim loads itself to apply a workspace edit).
api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, { pattern = '*.journey', command = 'setfiletype journey' })
api.nvim_create_autocmd('FileType', {
  pattern = 'journey',
  callback = function(args) vim.lsp.buf_attach_client(args.buf, client_id) end,
})
local function open(name)
  vim.cmd('edit ' .. vim.fn.fnameescape(path(name)))
  return api.nvim_get_current_buf()
end
local function request(buffer, method, params)
  local answers, err = vim.lsp.buf_request_sync(buffer, method, params, math.max(1, within(5000)))
  if not answers then error(method .. ': ' .. tostring(err)) end
  local answer = answers[client_id]
  if not answer then error(method .. ': no answer') end
  if answer.err then error(method .. ': ' .. vim.inspect(answer.err)) end
  return answer.result
end

-- Returns once the server has validated `buffer`'s current text, so its diagnostics are in:
-- journey/diagram (the preview's request) answers only then, and the server publishes a
-- document's diagnostics as it is validated, before that answer. An event, not a quiet time.
local function validated(buffer)
  request(buffer, 'journey/diagram', { uri = vim.uri_from_bufnr(buffer) })
end

local broken, media, common

step('initialize', function()
  wait(10000, 'initialize', function() return result.server ~= nil end)
end)

step('diagnostics', function()
  broken = open('broken-references.journey')
  validated(broken)
  wait(10000, 'diagnostics of broken-references.journey', function() return #vim.diagnostic.get(broken) > 0 end)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(broken)) do
    local line = lines(broken)[d.lnum + 1]
    table.insert(result.diagnostics, {
      line = d.lnum + 1, code = d.code, severity = d.severity, message = d.message,
      -- the text under the range, in Neovim's byte columns (converted from the server's UTF-16)
      text = d.lnum == d.end_lnum and line:sub(d.col + 1, d.end_col) or nil,
    })
  end
  table.sort(result.diagnostics, function(a, b) return a.line < b.line or (a.line == b.line and a.code < b.code) end)
end)

-- Picks, through vim.ui.select (what :lua vim.lsp.buf.code_action() calls), the first action
-- whose title starts with `title`.
local function code_action(title)
  local offered
  vim.ui.select = function(items, _, on_choice)
    offered = {}
    local chosen
    for _, item in ipairs(items) do
      table.insert(offered, { title = item[2].title, kind = item[2].kind })
      if not chosen and vim.startswith(item[2].title, title) then chosen = item end
    end
    on_choice(chosen)
  end
  vim.lsp.buf.code_action()
  wait(5000, 'code actions offered for ' .. title, function() return offered ~= nil end)
  return offered
end
local function has_diagnostic(buffer, code, word)
  for _, d in ipairs(vim.diagnostic.get(buffer)) do
    if d.code == code and d.message:find("'" .. word .. "'", 1, true) then return true end
  end
  return false
end

step('codeAction', function()
  -- The user's way: cursor on the unresolved `Webb`, :lua vim.lsp.buf.code_action(), pick the fix.
  local row = cursor_on(broken, 'channel Webb', 'Webb', 1)
  result.codeActions = code_action("Change to 'Web'")
  wait(5000, 'did-you-mean applied', function() return not lines(broken)[row]:find('Webb', 1, true) end)
  result.fixedLine = vim.trim(lines(broken)[row])
  wait(5000, 'Webb no longer unresolved', function() return not has_diagnostic(broken, 'unresolved-reference', 'Webb') end)

  -- Create the missing touchpoint of `next Nulle`.
  local before = lines(broken)
  row = cursor_on(broken, 'next Nulle', 'Nulle')
  local offered = code_action("Create touchpoint 'Nulle'")
  result.createActions = vim.tbl_map(function(action) return action.title end, offered or {})
  wait(5000, 'create applied', function() return #lines(broken) > #before end)
  local after, first = lines(broken), 1
  while first <= #after and after[first] == before[first] do first = first + 1 end
  result.created = vim.list_slice(after, first, first + #after - #before - 1)
  result.createdAfter = vim.trim(after[first - 1])
  wait(5000, 'Nulle no longer unresolved', function() return not has_diagnostic(broken, 'unresolved-reference', 'Nulle') end)
  result.errorsAfterCreate = {}
  for _, d in ipairs(vim.diagnostic.get(broken, { severity = vim.diagnostic.severity.ERROR })) do
    table.insert(result.errorsAfterCreate, (d.lnum + 1) .. ':' .. d.code)
  end
end)

step('completion', function()
  -- The user types `personas ` on a touchpoint's personas line (an incremental didChange).
  media = open('media-subscription.journey')
  local row, original = find_line(media, '^%s*personas Lectrice')
  local typed = original:gsub('personas Lectrice', 'personas ')
  api.nvim_buf_set_lines(media, row - 1, row, false, { typed })
  -- In insert mode the cursor is after the space; normal mode (headless) cannot put it there.
  local position = { textDocument = vim.lsp.util.make_text_document_params(media), position = { line = row - 1, character = #typed } }
  local completion = request(media, 'textDocument/completion', position)
  result.completion = {}
  for _, item in ipairs(vim.lsp.util.text_document_completion_list_to_complete_items(completion, '')) do
    table.insert(result.completion, { word = item.word, kind = item.kind })
  end
  -- The list said complete is filtered by Neovim itself as `Le` is typed; asked again, the server agrees.
  result.completionFiltering = { isIncomplete = completion.isIncomplete, filtered = {}, fresh = {} }
  for _, item in ipairs(vim.lsp.util.text_document_completion_list_to_complete_items(completion, 'Le')) do
    table.insert(result.completionFiltering.filtered, item.word)
  end
  api.nvim_buf_set_lines(media, row - 1, row, false, { typed .. 'Le' })
  position.position.character = #typed + 2
  local again = request(media, 'textDocument/completion', position)
  result.completionFiltering.freshIsIncomplete = again.isIncomplete
  for _, item in ipairs(vim.lsp.util.text_document_completion_list_to_complete_items(again, 'Le')) do
    table.insert(result.completionFiltering.fresh, item.word)
  end
  api.nvim_buf_set_lines(media, row - 1, row, false, { original })

  -- The user types `-` after `emotion `: asked again, the server proposes the negative values,
  -- each replacing the `-` (Neovim's omnifunc starts its match where the items' edits start,
  -- and filters by the text from there: `-`).
  local emotion_row, emotion_line = find_line(media, '^%s*emotion 1$')
  local dashed = emotion_line:gsub('emotion 1', 'emotion -')
  api.nvim_buf_set_lines(media, emotion_row - 1, emotion_row, false, { dashed })
  completion = request(media, 'textDocument/completion', {
    textDocument = vim.lsp.util.make_text_document_params(media), position = { line = emotion_row - 1, character = #dashed },
  })
  result.emotionDash = { words = {}, starts = {}, dash = #dashed - 1 }
  for _, item in ipairs(vim.lsp.util.text_document_completion_list_to_complete_items(completion, '-')) do
    table.insert(result.emotionDash.words, item.word)
  end
  for _, item in ipairs(completion.items or completion) do
    table.insert(result.emotionDash.starts, item.textEdit and item.textEdit.range.start.character or -1)
  end
  api.nvim_buf_set_lines(media, emotion_row - 1, emotion_row, false, { emotion_line })

  -- On a blank line of a journey (keywords, and snippets although Neovim 0.7 declares
  -- snippetSupport = false: then no item may be a snippet).
  local state = find_line(media, '^%s*state current')
  api.nvim_buf_set_lines(media, state, state, false, { '  ' })
  completion = request(media, 'textDocument/completion', {
    textDocument = vim.lsp.util.make_text_document_params(media), position = { line = state, character = 2 },
  })
  result.blankLineCompletion = { labels = {}, snippets = {} }
  for _, item in ipairs(completion.items or completion) do
    table.insert(result.blankLineCompletion.labels, item.label)
    if item.insertTextFormat == 2 then table.insert(result.blankLineCompletion.snippets, item.label) end
  end
  api.nvim_buf_set_lines(media, state, state + 1, false, {})
end)

step('definition', function()
  -- :lua vim.lsp.buf.definition() on a persona reference, then on a channel reference with
  -- the cursor after a non-ASCII letter (UTF-16 column differs from the byte column).
  cursor_on(media, 'personas Lectrice', 'Lectrice', 2)
  vim.lsp.buf.definition()
  wait(5000, 'definition jump', function() return api.nvim_buf_get_name(0) == path('common.journey') end)
  common = api.nvim_get_current_buf()
  result.definition = {
    file = vim.fn.fnamemodify(api.nvim_buf_get_name(0), ':t'),
    line = vim.trim(api.nvim_get_current_line()), word = vim.fn.expand('<cword>'),
    column = api.nvim_win_get_cursor(0)[2],
  }
  cursor_on(media, 'channel Réseaux', 'Réseaux', #'Réseau')
  vim.lsp.buf.definition()
  wait(5000, 'second definition jump', function() return api.nvim_get_current_buf() == common end)
  result.definitionNonAscii = {
    line = vim.trim(api.nvim_get_current_line()), word = vim.fn.expand('<cword>'),
    column = api.nvim_win_get_cursor(0)[2],
  }
  result.commonAttached = vim.lsp.buf_is_attached(common, client_id)
end)

step('hover', function()
  -- :lua vim.lsp.buf.hover() opens a floating window: its text is what the user reads.
  cursor_on(media, 'personas Lectrice', 'Lectrice', 1)
  vim.lsp.buf.hover()
  local float
  wait(5000, 'hover float', function()
    for _, window in ipairs(api.nvim_list_wins()) do
      if api.nvim_win_get_config(window).relative ~= '' then float = window return true end
    end
    return false
  end)
  result.hover = float and table.concat(lines(api.nvim_win_get_buf(float)), '\n')
  if float then api.nvim_win_close(float, true) end
end)

step('references', function()
  cursor_on(media, 'personas Lectrice', 'Lectrice')
  vim.fn.setqflist({})
  vim.lsp.buf.references()
  wait(5000, 'references in the quickfix list', function() return #vim.fn.getqflist() > 0 end)
  result.references = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    table.insert(result.references, vim.fn.fnamemodify(api.nvim_buf_get_name(item.bufnr), ':t') .. ':' .. item.lnum .. ':' .. item.col)
  end
  vim.cmd('cclose')
end)

step('incrementalSync', function()
  -- Edits inside lines with non-ASCII letters (Neovim sends ranges in UTF-16 code units):
  -- the server's text must stay the buffer's text.
  api.nvim_set_current_buf(media)
  local original = lines(media)
  local row, line = find_line(media, 'channel Réseaux')
  local from = line:find('Réseaux', 1, true) - 1
  api.nvim_buf_set_text(media, row - 1, from, row - 1, from + #'Réseaux', { 'Email' })
  local title = find_line(media, 'touchpoint Kiosque')
  local quote = lines(media)[title]:find('"', 1, true)
  api.nvim_buf_set_text(media, title - 1, quote, title - 1, quote, { 'Très ' })
  local answer = request(media, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(media), position = { line = row - 1, character = from + 1 },
  })
  result.incrementalSync = { hover = answer and answer.contents and answer.contents.value:match('^[^\n]*') }
  local symbols = request(media, 'textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params(media) })
  for _, stage in ipairs(symbols[1].children or {}) do
    for _, touchpoint in ipairs(stage.children or {}) do
      if touchpoint.name == 'Kiosque' then result.incrementalSync.kiosqueDetail = touchpoint.detail end
    end
  end
  local edits = request(media, 'textDocument/formatting', vim.lsp.util.make_formatting_params({ tabSize = 2, insertSpaces = true }))
  result.incrementalSync.formattingEdits = edits and #edits or 0
  validated(media)
  result.incrementalSync.errors = #vim.diagnostic.get(media, { severity = vim.diagnostic.severity.ERROR })
  api.nvim_buf_set_lines(media, 0, -1, false, original)
end)

step('formatting', function()
  -- Indentation stripped and spaces doubled, then :lua vim.lsp.buf.formatting_sync().
  api.nvim_set_current_buf(media)
  local original = lines(media)
  local mangled = vim.tbl_map(function(line)
    -- only outside strings and comments: up to the first quote or slash
    local code, rest = line:gsub('^%s+', ''):match('^([^"/]*)(.*)$')
    return code:gsub('(%S) (%S)', '%1   %2') .. rest .. (rest == '' and '  ' or '')
  end, original)
  api.nvim_buf_set_lines(media, 0, -1, false, mangled)
  vim.lsp.buf.formatting_sync({ tabSize = 2, insertSpaces = true }, 5000)
  local formatted = lines(media)
  result.formatting = { restored = vim.deep_equal(formatted, original), differing = {} }
  for index = 1, math.max(#formatted, #original) do
    if formatted[index] ~= original[index] and #result.formatting.differing < 5 then
      table.insert(result.formatting.differing, { line = index, expected = original[index], actual = formatted[index] })
    end
  end
  local again = request(media, 'textDocument/formatting', vim.lsp.util.make_formatting_params({ tabSize = 2, insertSpaces = true }))
  result.formatting.editsOnCanonical = again and #again or 0
  api.nvim_buf_set_lines(media, 0, -1, false, original)
end)

step('documentSymbol', function()
  local symbols = request(media, 'textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params(media) })
  local function tree(list)
    local names = {}
    for _, symbol in ipairs(list or {}) do
      local entry = symbol.name
      if symbol.children and #symbol.children > 0 then entry = { [symbol.name] = tree(symbol.children) } end
      table.insert(names, entry)
    end
    return names
  end
  result.symbols = tree(symbols)
  local items = vim.lsp.util.symbols_to_items(symbols, media)
  result.symbolItems = {}
  for index = 1, math.min(3, #items) do table.insert(result.symbolItems, items[index].text .. '@' .. items[index].lnum) end
end)

step('workspaceSymbol', function()
  local symbols = request(media, 'workspace/symbol', { query = 'Lect' }) or {}
  result.workspaceSymbols = {}
  for _, symbol in ipairs(symbols) do
    table.insert(result.workspaceSymbols, symbol.name .. '@' .. vim.fn.fnamemodify(vim.uri_to_fname(symbol.location.uri), ':t'))
  end
  table.sort(result.workspaceSymbols)
end)

step('rename', function()
  -- :lua vim.lsp.buf.rename('Fidèle') on `Abonné` (prepareRename, then rename; Neovim applies the edit).
  local before = { media = count(media, 'Abonné'), common = count(common, 'Abonné') }
  cursor_on(media, 'personas Abonné', 'Abonné', 1)
  vim.lsp.buf.rename('Fidèle')
  wait(5000, 'rename applied', function() return count(media, 'Fidèle') > 0 and count(common, 'Fidèle') > 0 end)
  result.rename = {
    before = before,
    media = { ['Abonné'] = count(media, 'Abonné'), ['Fidèle'] = count(media, 'Fidèle') },
    common = {
      ['Abonné'] = count(common, 'Abonné'), ['Fidèle'] = count(common, 'Fidèle'),
      declaration = vim.trim(lines(common)[find_line(common, '^persona Fid')]),
    },
    modified = { media = vim.bo[media].modified, common = vim.bo[common].modified },
  }
  -- The server has both edits (Neovim sent them as didChange): its hover knows Fidèle.
  local function hover_text()
    local answer = request(media, 'textDocument/hover', vim.lsp.util.make_position_params())
    return answer and answer.contents and answer.contents.value or ''
  end
  wait(5000, 'no unresolved reference after the rename', function()
    return not has_diagnostic(media, 'unresolved-reference', 'Fidèle') and not has_diagnostic(media, 'unresolved-reference', 'Abonné')
  end)
  wait(5000, 'hover on the renamed persona', function() return hover_text():find('`Fidèle`', 1, true) ~= nil end)
  -- :wall: the files change on disk while open (the server's own watcher sees them).
  local saved = { media = publishes['media-subscription.journey'] or 0, common = publishes['common.journey'] or 0 }
  vim.cmd('silent wall')
  -- The server's own watcher (Neovim 0.7 has none) rebuilds the saved files: both files'
  -- diagnostics are published again. :wall writes media, then common (buffer order); the
  -- watcher may report the writes in one burst or two, and only a build that saw common's
  -- write (the later one) republishes common (it references nothing in media). That build
  -- relinks media too: validated(media) waits for it to end.
  wait(10000, 'diagnostics of both files after :wall', function()
    return (publishes['media-subscription.journey'] or 0) > saved.media and (publishes['common.journey'] or 0) > saved.common
  end)
  validated(media)
  result.rename.afterSave = {
    unresolved = has_diagnostic(media, 'unresolved-reference', 'Fidèle'),
    hover = hover_text():match('^[^\n]*'),
    onDisk = count(vim.fn.bufadd(path('common.journey')), 'persona Fidèle'),
  }
end)

step('watchedFiles', function()
  -- Neovim 0.7 has no file watchers: a map written on disk (never opened) must still count.
  local file = assert(io.open(path('extra.journey'), 'w'))
  file:write('persona Bob "Bob, arrivé par le disque" {\n  goal "Être résolu"\n}\n')
  file:close()
  local function bob_unresolved()
    for _, d in ipairs(vim.diagnostic.get(broken)) do
      if d.code == 'unresolved-reference' and d.message:find('Bob', 1, true) then return true end
    end
    return false
  end
  result.watchedFiles = { unresolvedBefore = bob_unresolved() }
  wait(5000, 'Bob resolved after extra.journey was written', function() return not bob_unresolved() end)
  result.watchedFiles.unresolvedAfter = bob_unresolved()
end)

step('renameKeyword', function()
  -- :lua vim.lsp.buf.rename('X') on a keyword: prepareRename must refuse, nothing may change.
  local before = lines(media)
  cursor_on(media, '^%s*kind tool', 'kind', 1)
  local notified = #result.notifications
  vim.lsp.buf.rename('Xyz')
  wait(5000, 'rename on a keyword answered', function() return #result.notifications > notified end)
  result.renameKeyword = {
    notification = result.notifications[notified + 1] and result.notifications[notified + 1].message,
    unchanged = vim.deep_equal(lines(media), before),
  }
end)

step('close', function()
  -- An unsaved edit only the buffer has (a channel nobody declared, on a new first line),
  -- then :bwipeout! (Neovim sends didClose): the server must go back to the file on disk.
  local function errors()
    local list = {}
    for _, d in ipairs(result.published['broken-references.journey'] or {}) do
      if d.severity == 1 then table.insert(list, d.line .. ':' .. d.code) end
    end
    return list
  end
  vim.api.nvim_buf_set_lines(broken, 0, 0, false, { 'channel Nowhere "Nowhere" digital channel Nowhere "Again" digital' })
  wait(5000, 'the unsaved edit validated', function() return vim.tbl_contains(errors(), '1:duplicate-name') end)
  local edited = vim.tbl_contains(errors(), '1:duplicate-name')
  local seen = publishes['broken-references.journey'] or 0
  vim.cmd('bwipeout! ' .. broken)
  wait(5000, 'broken-references.journey republished from disk after :bwipeout!', function()
    return (publishes['broken-references.journey'] or 0) > seen and not vim.tbl_contains(errors(), '1:duplicate-name')
  end)
  result.afterClose = { edited = edited, republished = (publishes['broken-references.journey'] or 0) > seen, errors = errors() }
end)

step('shutdown', function()
  vim.lsp.stop_client(client_id)
  wait(5000, 'server exit', function() return exited ~= nil end)
  result.exit = exited
end)

result.totalMs = math.floor(clock() - started)
result.messages = vim.split(vim.trim(vim.fn.execute('messages')), '\n', { trimempty = true })
result.logPath = vim.lsp.get_log_path()
local file = assert(io.open(output, 'w'))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qa!')
