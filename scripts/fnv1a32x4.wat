;; The checksum of code cache files (scripts/executable-loader.cjs carries it assembled; the test
;; test/cni/executable.test.ts checks that the bytes there are this module).
;; FNV-1a over $words little-endian 32-bit words of memory from byte $start (any alignment), in
;; four lanes: word k goes to lane k mod 4 (the last words, past a multiple of four, to lane 0),
;; each lane from its own seed; the lanes are then folded in order, FNV-1a again. Four independent
;; multiplies per round instead of one chain, written out (Liftoff, the compiler a first call
;; gets, does not inline): several times faster over a 200 KB cache.
(module
  (memory (export "memory") 1)
  (func (export "fnv1a32x4") (param $start i32) (param $words i32) (result i32)
    (local $end i32) (local $blocks_end i32) (local $h0 i32) (local $h1 i32) (local $h2 i32) (local $h3 i32)
    (local.set $h0 (i32.const 0x811c9dc5))
    (local.set $h1 (i32.const 0x050c5d1f))
    (local.set $h2 (i32.const 0x9e3779b9))
    (local.set $h3 (i32.const 0x7f4a7c15))
    (local.set $end (i32.add (local.get $start) (i32.shl (local.get $words) (i32.const 2))))
    (local.set $blocks_end (i32.add (local.get $start) (i32.shl (i32.shr_u (local.get $words) (i32.const 2)) (i32.const 4))))
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.ge_u (local.get $start) (local.get $blocks_end)))
        (local.set $h0 (i32.mul (i32.xor (local.get $h0) (i32.load offset=0 (local.get $start))) (i32.const 0x01000193)))
        (local.set $h1 (i32.mul (i32.xor (local.get $h1) (i32.load offset=4 (local.get $start))) (i32.const 0x01000193)))
        (local.set $h2 (i32.mul (i32.xor (local.get $h2) (i32.load offset=8 (local.get $start))) (i32.const 0x01000193)))
        (local.set $h3 (i32.mul (i32.xor (local.get $h3) (i32.load offset=12 (local.get $start))) (i32.const 0x01000193)))
        (local.set $start (i32.add (local.get $start) (i32.const 16)))
        (br $block)))
    (block $tail_done
      (loop $word
        (br_if $tail_done (i32.ge_u (local.get $start) (local.get $end)))
        (local.set $h0 (i32.mul (i32.xor (local.get $h0) (i32.load (local.get $start))) (i32.const 0x01000193)))
        (local.set $start (i32.add (local.get $start) (i32.const 4)))
        (br $word)))
    (local.set $h0 (i32.mul (i32.xor (local.get $h0) (local.get $h1)) (i32.const 0x01000193)))
    (local.set $h0 (i32.mul (i32.xor (local.get $h0) (local.get $h2)) (i32.const 0x01000193)))
    (i32.mul (i32.xor (local.get $h0) (local.get $h3)) (i32.const 0x01000193))))
