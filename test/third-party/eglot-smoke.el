;;; eglot-smoke.el --- Emacs's Eglot against `journey lsp --stdio': a manual smoke check.
;;
;; Not part of `npm test' (CI installs no Emacs). Checked with Debian bookworm's
;; emacs-nox 28.2 + elpa-eglot 1.9 (apt-get install --no-install-recommends emacs-nox
;; elpa-eglot), on a writable copy of common.journey, media-subscription.journey and
;; invalid/broken-references.journey:
;;
;;   WS=/tmp/maps JOURNEY_BIN=$PWD/bin/journey.js OUT=/tmp/eglot.json \
;;     timeout -s KILL 60 emacs --batch -Q -l test/third-party/eglot-smoke.el
;;
;; OUT gets JSON: the Flymake diagnostics of broken-references.journey ("line:type:text",
;; the rule id in brackets), the completion candidates after a typed `personas ', the
;; server's stderr, JSON-RPC errors seen, and the server's exit after shutdown/exit.
;; Every wait is bounded. Eglot's internal eglot--guess-contact is used (batch Emacs runs
;; no post-command hook, so eglot-ensure would never connect).

(dolist (dir (directory-files "/usr/share/emacs/site-lisp/elpa" t "^[a-z]"))
  (add-to-list 'load-path dir))
(require 'eglot)
(require 'json)

(define-derived-mode journey-mode prog-mode "Journey")
(add-to-list 'auto-mode-alist '("\\.journey\\'" . journey-mode))
(add-to-list 'eglot-server-programs
             `(journey-mode . ("node" ,(getenv "JOURNEY_BIN") "lsp" "--stdio")))

(defvar journey-smoke-result '())
(defun journey-smoke-note (key value) (push (cons key value) journey-smoke-result))
(defun journey-smoke-wait (seconds predicate)
  "Process output until PREDICATE holds or SECONDS pass; PREDICATE's last value."
  (let ((end (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) end))
      (accept-process-output nil 0.05))
    (funcall predicate)))

(condition-case failure
    (let ((start (float-time)) broken server)
      (find-file (expand-file-name "broken-references.journey" (getenv "WS")))
      (setq broken (current-buffer))
      (apply #'eglot (eglot--guess-contact))
      (setq server (journey-smoke-wait 15 #'eglot-current-server))
      (journey-smoke-note 'connected (and server t))
      (journey-smoke-wait 10 (lambda () (with-current-buffer broken (flymake-diagnostics))))
      (accept-process-output nil 0.3)
      (journey-smoke-note
       'diagnostics
       (with-current-buffer broken
         (mapcar (lambda (d)
                   (format "%d:%s:%s" (line-number-at-pos (flymake-diagnostic-beg d))
                           (flymake-diagnostic-type d) (flymake-diagnostic-text d)))
                 (flymake-diagnostics))))
      ;; Completion after `personas ' typed in a file of the same project.
      (find-file (expand-file-name "media-subscription.journey" (getenv "WS")))
      (journey-smoke-note 'managed (journey-smoke-wait 5 #'eglot-managed-p))
      (goto-char (point-min))
      (re-search-forward "^ *personas Lectrice")
      (delete-region (- (point) (length "Lectrice")) (point))
      (let ((table (nth 2 (eglot-completion-at-point))))
        (journey-smoke-note 'completion (mapcar #'substring-no-properties (and table (all-completions "" table)))))
      (journey-smoke-note 'stderr (with-current-buffer (jsonrpc-stderr-buffer server) (buffer-string)))
      (journey-smoke-note
       'rpcErrors
       (with-current-buffer (jsonrpc-events-buffer server)
         (goto-char (point-min))
         (let (errors)
           (while (re-search-forward "(:error \\|:error (" nil t) (push (buffer-substring (point) (line-end-position)) errors))
           (nreverse errors))))
      ;; shutdown + exit by hand: eglot-shutdown deletes the process at once (status 9).
      (jsonrpc-request server :shutdown nil :timeout 5)
      (jsonrpc-notify server :exit nil)
      (let ((process (jsonrpc--process server)))
        (journey-smoke-wait 5 (lambda () (not (process-live-p process))))
        (journey-smoke-note 'exit (list (process-status process) (process-exit-status process))))
      (journey-smoke-note 'seconds (- (float-time) start)))
  (error (journey-smoke-note 'failure (format "%S" failure))))

(with-temp-file (getenv "OUT") (insert (json-encode (nreverse journey-smoke-result))))
(kill-emacs 0)
;;; eglot-smoke.el ends here
