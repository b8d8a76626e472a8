# Fuzz harnesses: one per parser of untrusted bytes.
#
# A harness is a file tests/fuzz/fuzz_NAME.c that includes "tests/fuzz/fuzz.h"
# and defines LLVMFuzzerTestOneInput() (and not LLVMFuzzerInitialize).  It is
# built one of two ways, chosen at configure time:
#   default             any compiler; linked with driver.c, whose main runs
#                       2000 fixed generated inputs plus the seed corpus in
#                       tests/fuzz/corpus/fuzz_NAME/ (if any), so `make check`
#                       replays it.  `./tests/fuzz/fuzz_NAME FILE|DIR...`
#                       replays given inputs (directories one level deep).
#   --enable-fuzzing    clang with libFuzzer, ASan and UBSan over everything:
#                         mkdir build-fuzz && cd build-fuzz
#                         ../configure CC=clang --enable-fuzzing
#                         make tests/fuzz/fuzz_NAME
#                         mkdir -p corpus && cp ../tests/fuzz/corpus/fuzz_NAME/* corpus/
#                         ./tests/fuzz/fuzz_NAME -max_total_time=300 corpus
#                       With no arguments (as `make check` runs it) it makes a
#                       short fixed run: -runs=2000 -seed=1.
#
# To add a harness, put these lines in your own .mk file (not this one):
#   check_PROGRAMS += tests/fuzz/fuzz_NAME
#   TESTS += tests/fuzz/fuzz_NAME
#   tests_fuzz_fuzz_NAME_SOURCES = tests/fuzz/fuzz_NAME.c $(FUZZ_DRIVER)
#   tests_fuzz_fuzz_NAME_LDFLAGS = $(FUZZ_LDFLAGS)
#   tests_fuzz_fuzz_NAME_LDADD = your/libyours.a common/libcommon.a
#   EXTRA_DIST += tests/fuzz/corpus/fuzz_NAME     # only if you add seeds
# Seeds are small files of raw input, one per file.

if FUZZING
FUZZ_DRIVER = tests/fuzz/libfuzzer_init.c tests/fuzz/fuzz.h
else
FUZZ_DRIVER = tests/fuzz/driver.c tests/fuzz/fuzz.h
endif
EXTRA_DIST += tests/fuzz/driver.c tests/fuzz/libfuzzer_init.c tests/fuzz/fuzz.h

check_PROGRAMS += tests/fuzz/fuzz_wire
TESTS += tests/fuzz/fuzz_wire
tests_fuzz_fuzz_wire_SOURCES = tests/fuzz/fuzz_wire.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_wire_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_wire_LDADD = common/libcommon.a
EXTRA_DIST += tests/fuzz/corpus/fuzz_wire
