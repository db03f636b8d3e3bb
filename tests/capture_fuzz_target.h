/* capture_fuzz_target: the one fuzz entry point of the capture decoder and tracker, shared by
 * the libFuzzer build (tests/capture_fuzz.sh) and the corpus replay in make check. */
#ifndef OW_TESTS_CAPTURE_FUZZ_TARGET_H
#define OW_TESTS_CAPTURE_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

/* Decode one input as a frame (as captured, and as cut by a snap length) and feed a tracker. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
