;; trap: a faulty workload for tests and demos. It counts its ticks and, on the third,
;; reads through a null pointer: its memory has no pages, so the load is out of bounds and
;; the module traps. The device stops it and reports the trap; nothing else is affected.
(module
  (memory (export "memory") 0)
  (global $ticks (mut i32) (i32.const 0))

  (func (export "tick")
    (global.set $ticks (i32.add (global.get $ticks) (i32.const 1)))
    (if (i32.ge_u (global.get $ticks) (i32.const 3))
      (then (drop (i32.load (i32.const 0)))))))
