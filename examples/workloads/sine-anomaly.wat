;; sine-anomaly: TinyML anomaly scoring with TFLite Micro's hello_world_int8 model, which
;; approximates sin(x) for x in [0, 2π). Each tick it feeds the next x of a sweep (32 steps
;; per cycle), quantized with the input tensor's scale and zero point (read through the
;; SDK, not hard-coded), dequantizes the model's y with the output tensor's, and outputs
;; y and the anomaly score |y - sin(x)| (service.json maps "anomaly" to a Generic_Sensor
;; instance, lwm2m:3300/x/5700; "y" goes to the workload bus and data routes only).
(module
  (import "embserve" "output" (func $output (param i32 i32 i32 f64) (result i32)))
  (import "embserve" "log" (func $log (param i32 i32)))
  (import "embserve" "model_load" (func $model_load (result i32)))
  (import "embserve" "model_quant_scale" (func $quant_scale (param i32 i32 i32) (result f64)))
  (import "embserve" "model_quant_zero_point" (func $quant_zero_point (param i32 i32 i32) (result i32)))
  (import "embserve" "model_set_input" (func $set_input (param i32 i32 i32 i32) (result i32)))
  (import "embserve" "model_invoke" (func $invoke (param i32) (result i32)))
  (import "embserve" "model_get_output" (func $get_output (param i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 1)
  (data (i32.const 0) "y")
  (data (i32.const 8) "anomaly")
  (data (i32.const 16) "sine-anomaly: no model, idle")
  (data (i32.const 48) "sine-anomaly: inference failed")
  ;; tensor buffers: one int8 in, one int8 out
  (global $input_at i32 (i32.const 128))
  (global $output_at i32 (i32.const 136))

  (global $pi f64 (f64.const 3.141592653589793))
  (global $two_pi f64 (f64.const 6.283185307179586))
  (global $step f64 (f64.const 0.19634954084936207)) ;; 2π / 32

  (global $model (mut i32) (i32.const -1))
  (global $in_scale (mut f64) (f64.const 1))
  (global $in_zero (mut i32) (i32.const 0))
  (global $out_scale (mut f64) (f64.const 1))
  (global $out_zero (mut i32) (i32.const 0))
  (global $x (mut f64) (f64.const 0))

  (func (export "init")
    (global.set $model (call $model_load))
    (if (i32.lt_s (global.get $model) (i32.const 0))
      (then (call $log (i32.const 16) (i32.const 28)) (return)))
    (global.set $in_scale (call $quant_scale (global.get $model) (i32.const 0) (i32.const 0)))
    (global.set $in_zero (call $quant_zero_point (global.get $model) (i32.const 0) (i32.const 0)))
    (global.set $out_scale (call $quant_scale (global.get $model) (i32.const 1) (i32.const 0)))
    (global.set $out_zero (call $quant_zero_point (global.get $model) (i32.const 1) (i32.const 0))))

  (func (export "tick")
    (local $q f64)
    (local $y f64)
    (if (i32.lt_s (global.get $model) (i32.const 0)) (then (return)))
    ;; q = clamp(round(x / scale) + zero_point, -128, 127)
    (local.set $q
      (f64.add (f64.nearest (f64.div (global.get $x) (global.get $in_scale)))
               (f64.convert_i32_s (global.get $in_zero))))
    (local.set $q (f64.min (f64.max (local.get $q) (f64.const -128)) (f64.const 127)))
    (i32.store8 (global.get $input_at) (i32.trunc_f64_s (local.get $q)))
    (if (i32.or
          (i32.ne (call $set_input (global.get $model) (i32.const 0) (global.get $input_at) (i32.const 1)) (i32.const 0))
          (i32.ne (call $invoke (global.get $model)) (i32.const 0)))
      (then (call $log (i32.const 48) (i32.const 30)) (return)))
    (drop (call $get_output (global.get $model) (i32.const 0) (global.get $output_at) (i32.const 1)))
    ;; y = (q_out - zero_point) * scale
    (local.set $y
      (f64.mul (f64.convert_i32_s (i32.sub (i32.load8_s (global.get $output_at)) (global.get $out_zero)))
               (global.get $out_scale)))
    (drop (call $output (i32.const 0) (i32.const 1) (i32.const 1) (local.get $y)))
    (drop (call $output (i32.const 8) (i32.const 7) (i32.const 1)
      (f64.abs (f64.sub (local.get $y) (call $sin (global.get $x))))))
    (global.set $x (f64.add (global.get $x) (global.get $step)))
    (if (f64.ge (global.get $x) (global.get $two_pi))
      (then (global.set $x (f64.sub (global.get $x) (global.get $two_pi))))))

  ;; sin(x) for x in [0, 2π): folded onto [0, π/2], then Taylor to x^11 (error < 1e-7).
  (func $sin (param $x f64) (result f64)
    (local $sign f64)
    (local $x2 f64)
    (local.set $sign (f64.const 1))
    (if (f64.ge (local.get $x) (global.get $pi))
      (then (local.set $x (f64.sub (local.get $x) (global.get $pi)))
            (local.set $sign (f64.const -1))))
    (if (f64.gt (local.get $x) (f64.div (global.get $pi) (f64.const 2)))
      (then (local.set $x (f64.sub (global.get $pi) (local.get $x)))))
    (local.set $x2 (f64.mul (local.get $x) (local.get $x)))
    (f64.mul (local.get $sign)
      (f64.mul (local.get $x)
        (f64.add (f64.const 1) (f64.mul (local.get $x2)
          (f64.add (f64.const -0.16666666666666666) (f64.mul (local.get $x2)
            (f64.add (f64.const 0.008333333333333333) (f64.mul (local.get $x2)
              (f64.add (f64.const -1.984126984126984e-4) (f64.mul (local.get $x2)
                (f64.add (f64.const 2.7557319223985893e-6) (f64.mul (local.get $x2)
                  (f64.const -2.505210838544172e-8)))))))))))))))
