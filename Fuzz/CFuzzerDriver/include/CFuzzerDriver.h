#ifndef CFUZZERDRIVER_H
#define CFUZZERDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver, for a program whose `main` is its own (SwiftPM names an executable's
/// entry point `<module>_main`, so libFuzzer's `main` cannot be used). Only defined when the
/// program is linked with `-sanitize=fuzzer`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
