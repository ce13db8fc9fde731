;; `witc component new` of the error-context built-ins (tests/component/test_new.sh, world w of new_ec.wit).
(module
  (import "$root" "[error-context-new-utf8]" (func (param i32 i32) (result i32)))
  (import "$root" "[error-context-debug-message-utf8]" (func (param i32 i32)))
  (import "$root" "[error-context-drop]" (func (param i32)))
  (import "[export]$root" "[task-return]f" (func (param i32)))
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
  (func (export "[async-lift]f") (param i32 i32) (result i32) i32.const 0)
  (func (export "[callback][async-lift]f") (param i32 i32 i32) (result i32) i32.const 0)
)
