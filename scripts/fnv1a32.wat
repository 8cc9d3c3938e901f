;; The checksum of code cache files (scripts/executable-loader.cjs carries it assembled; the test
;; test/cni/executable.test.ts checks that the bytes there are this module).
;; FNV-1a over $words little-endian 32-bit words of memory from byte $start (any alignment).
(module
  (memory (export "memory") 1)
  (func (export "fnv1a32") (param $start i32) (param $words i32) (result i32)
    (local $end i32) (local $h i32)
    (local.set $h (i32.const 0x811c9dc5))
    (local.set $end (i32.add (local.get $start) (i32.shl (local.get $words) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $start) (local.get $end)))
        (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load (local.get $start))) (i32.const 0x01000193)))
        (local.set $start (i32.add (local.get $start) (i32.const 4)))
        (br $next)))
    (local.get $h)))
