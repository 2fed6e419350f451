# hfhub build. `make` builds build/hf and the examples; `make test` runs the tests;
# `make check` runs everything CI runs. Variables:
#   TLS=auto|openssl|mbedtls|none   (auto: OpenSSL when pkg-config finds it)
#   CURL=1                          use the libcurl transport
#   BUILD=dir                       output folder (variants build side by side)
#   SAN=1                           ASan + UBSan

CC      ?= cc
BUILD   ?= build
STD     ?= -std=c99
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -pedantic
TLS     ?= auto
CURL    ?= 0
SAN     ?= 0

ifeq ($(TLS),auto)
  TLS := $(shell pkg-config --exists openssl 2>/dev/null && echo openssl || echo none)
endif
ifeq ($(TLS),openssl)
  FEAT_CFLAGS += -DHFHUB_TLS_OPENSSL $(shell pkg-config --cflags openssl 2>/dev/null)
  FEAT_LIBS   += $(shell pkg-config --libs openssl 2>/dev/null || echo -lssl -lcrypto)
else ifeq ($(TLS),mbedtls)
  FEAT_CFLAGS += -DHFHUB_TLS_MBEDTLS
  FEAT_LIBS   += -lmbedtls -lmbedx509 -lmbedcrypto
else ifeq ($(TLS),none)
  FEAT_CFLAGS += -DHFHUB_NO_TLS
else
  $(error TLS must be auto, openssl, mbedtls or none)
endif
ifeq ($(CURL),1)
  FEAT_CFLAGS += -DHFHUB_USE_CURL
  FEAT_LIBS   += -lcurl
endif
ifeq ($(SAN),1)
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  SAN_LDFLAGS := -fsanitize=address,undefined
else ifeq ($(SAN),thread)
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=thread
  SAN_LDFLAGS := -fsanitize=thread
endif

CFLAGS_ALL := $(STD) $(OPT) $(WARN) $(FEAT_CFLAGS) -I. -Itests/support $(CFLAGS)
LDLIBS_ALL := $(SAN_LDFLAGS) $(FEAT_LIBS) -lpthread -lm $(LDLIBS)

SRC_FILES  := $(shell find src -type f | LC_ALL=C sort)
HEADERS    := hfhub.h hfhub_xet.h
LIBOBJ     := $(BUILD)/hfhub_xet_impl.o
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
HF_SRC     := $(wildcard examples/hf/*.c)
EXAMPLE_SRC:= $(filter-out examples/embedded.c,$(wildcard examples/*.c))
EXAMPLE_BIN:= $(patsubst examples/%.c,$(BUILD)/examples/%,$(EXAMPLE_SRC))

.PHONY: all test check amalgamate fuzz bench demo clean unit matrix drift embedded-cross sanitize valgrind interop variants bigendian tsan

all: $(HEADERS) $(BUILD)/hf $(EXAMPLE_BIN)

# ---- generated headers --------------------------------------------------------------------
$(HEADERS) &: $(SRC_FILES) tools/amalgamate.py
	python3 tools/amalgamate.py

amalgamate:
	python3 tools/amalgamate.py

# ---- library and programs -----------------------------------------------------------------
$(BUILD)/hfhub_xet_impl.c: | $(BUILD)
	printf '#define HFHUB_IMPLEMENTATION\n#include "hfhub_xet.h"\n' > $@

$(LIBOBJ): $(BUILD)/hfhub_xet_impl.c $(HEADERS)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/hf: $(HF_SRC) $(LIBOBJ)
	$(CC) $(CFLAGS_ALL) -Iexamples/hf $(HF_SRC) $(LIBOBJ) $(LDLIBS_ALL) -o $@

$(BUILD)/examples/%: examples/%.c $(LIBOBJ) | $(BUILD)/examples
	$(CC) $(CFLAGS_ALL) $< $(LIBOBJ) $(LDLIBS_ALL) -o $@

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJ) $(wildcard tests/support/*.h) | $(BUILD)/tests
	$(CC) $(CFLAGS_ALL) $< $(LIBOBJ) $(LDLIBS_ALL) -o $@

# build/xet-hash: the Xet hashing example under its documented name.
all: $(BUILD)/xet-hash

# build/tiny-agents: the MCP agent program (examples/tiny-agents).
TA_SRC := $(wildcard examples/tiny-agents/*.c)
all: $(BUILD)/tiny-agents
$(BUILD)/tiny-agents: $(TA_SRC) examples/tiny-agents/tiny_agents.h $(LIBOBJ)
	$(CC) $(CFLAGS_ALL) $(TA_SRC) $(LIBOBJ) $(LDLIBS_ALL) -o $@
$(BUILD)/xet-hash: $(BUILD)/examples/xet_hash
	cp $< $@.tmp && mv -f $@.tmp $@

# build/localhub-xet: the C helper tools/localhub uses for big Xet inputs (pure Python without it).
all: $(BUILD)/localhub-xet
$(BUILD)/localhub-xet: tools/localhub/xethelper.c $(HEADERS) | $(BUILD)
	$(CC) $(CFLAGS_ALL) $< $(LDLIBS_ALL) -o $@

$(BUILD) $(BUILD)/tests $(BUILD)/examples:
	mkdir -p $@

# ---- tests --------------------------------------------------------------------------------
# Tests run the CLI and the examples too, so every variant build has them.
unit: $(UNIT_BIN) $(BUILD)/hf $(EXAMPLE_BIN) $(BUILD)/xet-hash $(BUILD)/tiny-agents

# The README's test command: unit tests, localhub's own tests, end-to-end tests.
test: all unit
	sh tests/run.sh $(BUILD)

# Everything CI checks after `make test`.
check: test drift interop matrix variants sanitize tsan valgrind embedded-cross bigendian fuzz

drift:
	sh tests/check_drift.sh

# Interop suites against independent implementations (npm packages installed by .ci/run).
interop: all
	@st=0; for r in tests/*interop*/run.sh; do [ -f "$$r" ] || continue; \
	  echo "== $$r"; sh "$$r" || st=1; done; exit $$st

matrix:
	sh tests/matrix.sh

# The same tests over the other transports: socket + mbedTLS, and libcurl.
variants:
	$(MAKE) BUILD=build/mbedtls TLS=mbedtls unit
	sh tests/run.sh build/mbedtls --unit-only
	$(MAKE) BUILD=build/curl CURL=1 unit
	sh tests/run.sh build/curl --unit-only

sanitize:
	$(MAKE) BUILD=build/san SAN=1 CC=clang unit
	sh tests/run.sh build/san --unit-only

# The tests whose code runs threads (transfer workers, digest threads), under ThreadSanitizer.
TSAN_TESTS ?= test_download test_snapshot test_cli_cache test_commit test_xet_chunk_hash test_xet_download test_xet_upload test_buckets test_jobs test_mcp
tsan:
	rm -rf build/tsan/tests
	$(MAKE) BUILD=build/tsan SAN=thread CC=clang build/tsan/hf $(addprefix build/tsan/tests/,$(TSAN_TESTS))
	TSAN_OPTIONS=halt_on_error=1 sh tests/run.sh build/tsan --unit-only

valgrind: unit
	sh tests/valgrind.sh $(BUILD)

# The codec tests on a big-endian machine (s390x under qemu): every Xet format is little-endian.
bigendian:
	sh tests/bigendian.sh

embedded-cross:
	sh tests/embedded_cross.sh

FUZZ_SECONDS ?= 30
fuzz:
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# The main job shown offline: a local Hub, `hf download`, the cache it fills.
demo: all
	sh tools/demo.sh

bench: all
	sh bench/run.sh

clean:
	rm -rf build
