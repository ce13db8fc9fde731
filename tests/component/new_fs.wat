;; `witc component new` of future/stream intrinsics (tests/component/test_new.sh, world w of new_fs.wit):
;; on an imported interface's functions and an exported async function, direct and through the shim.
(module
  (import "ex:fs/h@0.1.0" "[future-new-0]get" (func (result i64)))
  (import "ex:fs/h@0.1.0" "[async-lower][future-read-0]get" (func (param i32 i32) (result i32)))
  (import "ex:fs/h@0.1.0" "[future-drop-readable-0]get" (func (param i32)))
  (import "ex:fs/h@0.1.0" "[stream-new-0]put" (func (result i64)))
  (import "ex:fs/h@0.1.0" "[async-lower][stream-write-0]put" (func (param i32 i32 i32) (result i32)))
  (import "ex:fs/h@0.1.0" "[stream-cancel-write-0]put" (func (param i32) (result i32)))
  (import "ex:fs/h@0.1.0" "[stream-drop-writable-0]put" (func (param i32)))
  (import "[export]$root" "[stream-read-0]run" (func (param i32 i32 i32) (result i32)))
  (import "[export]$root" "[future-new-1]run" (func (result i64)))
  (import "[export]$root" "[future-write-1]run" (func (param i32 i32) (result i32)))
  (import "[export]$root" "[task-return]run" (func (param i32)))
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
  (func (export "[async-lift]run") (param i32) (result i32) i32.const 0)
  (func (export "[callback][async-lift]run") (param i32 i32 i32) (result i32) i32.const 0)
)
