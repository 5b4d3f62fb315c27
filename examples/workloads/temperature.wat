;; temperature: FITA's temperature service as a WebAssembly workload. Every tick it reads
;; the board's temperature sensor (IPSO 3303, instance 0, Sensor Value 5700) and outputs it
;; as "temp" (service.json maps it to lwm2m:3303/x/5700, a Temperature instance of its own).
(module
  (import "embserve" "sensor_find" (func $sensor_find (param i32 i32) (result i32)))
  (import "embserve" "sensor_read" (func $sensor_read (param i32 i32) (result f64)))
  (import "embserve" "output" (func $output (param i32 i32 i32 f64) (result i32)))
  (import "embserve" "log" (func $log (param i32 i32)))

  (memory (export "memory") 1)
  (data (i32.const 0) "temp")
  (data (i32.const 16) "no temperature sensor (3303/0) on this board")

  (global $sensor (mut i32) (i32.const -1))

  (func (export "init")
    (global.set $sensor (call $sensor_find (i32.const 3303) (i32.const 0)))
    (if (i32.lt_s (global.get $sensor) (i32.const 0))
      (then (call $log (i32.const 16) (i32.const 44)))))

  (func (export "tick")
    (local $celsius f64)
    (if (i32.lt_s (global.get $sensor) (i32.const 0)) (then (return)))
    (local.set $celsius (call $sensor_read (global.get $sensor) (i32.const 5700)))
    ;; NaN (the board did not answer) is not a reading.
    (if (f64.ne (local.get $celsius) (local.get $celsius)) (then (return)))
    ;; key "temp" (4 bytes at 0), type 1 = float
    (drop (call $output (i32.const 0) (i32.const 4) (i32.const 1) (local.get $celsius)))))
