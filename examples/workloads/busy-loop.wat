;; busy-loop: a runaway workload for tests and demos. Its first tick never returns, so the
;; device's watchdog terminates its thread; the device and other workloads keep running.
(module
  (memory (export "memory") 0)

  (func (export "tick")
    (loop $forever (br $forever))))
