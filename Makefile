# CaseDesk: `make run` opens the app, `make test` runs every check CI runs.
# Both install what is missing first (Go modules; on Debian/Ubuntu the system
# packages Fyne and the tests need, with sudo when not root).

GO      ?= go
BIN     := bin/casedesk
# Fyne's build needs these; the tests also need an X server and the tools
# that drive it, screenshot it and read PDFs back, CUPS with a virtual PDF
# printer to print to, and OCR to read what it printed (its copy keeps how
# the text looks, not which letters it is).
APT_BUILD := gcc libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev wayland-protocols
APT_TEST  := xvfb xdotool imagemagick poppler-utils cups printer-driver-cups-pdf tesseract-ocr postgresql
# staticcheck goes in bin/, its version in its name: a newer pin installs
# anew, and nothing depends on what is in the user's GOPATH.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := bin/staticcheck-$(STATICCHECK_VERSION)
# no_emoji leaves out Fyne's bundled 4 MB colour-emoji font, which Fyne parses
# again for every text style (regular, bold, monospace): about 10 MB of memory
# for glyphs CaseDesk's own screens never use. Emoji in messages still show
# when the computer has an emoji font of its own.
TAGS    := no_emoji
# On Windows and macOS, Fyne's accessibility tag lets screen readers (Narrator,
# NVDA, VoiceOver) read the window's controls. Linux has no such bridge in
# Fyne 2.8, and the tag would add nothing there.
GOOS    := $(shell $(GO) env GOOS)
ifneq ($(filter darwin windows,$(GOOS)),)
TAGS    := $(TAGS),accessibility
endif
# make windows cross-compiles the Windows program on Debian/Ubuntu with the
# MinGW-w64 C compiler, which only that target installs.
APT_WINDOWS := gcc-mingw-w64-x86-64
WINDOWS_BIN := bin/casedesk.exe

.PHONY: run test deps test-deps build vet staticcheck unit smoke durability bench demo fuzz clean windows

run: deps build
	./$(BIN)

build: deps
	$(GO) build -tags $(TAGS) -o $(BIN) .

# The Windows program, with screen-reader support, built here (not part of
# make test). -H=windowsgui: no console window opens beside it.
windows: deps .deps-windows
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
		$(GO) build -tags no_emoji,accessibility -ldflags -H=windowsgui -o $(WINDOWS_BIN) .
.deps-windows: Makefile .ci/apt-install
	@./.ci/apt-install $(APT_WINDOWS)
	@touch $@

# deps installs, once, whatever of the build packages is missing (again when
# the Makefile's lists change). .ci/run removes the stamps.
deps: .deps-build
.deps-build: Makefile .ci/apt-install
	@./.ci/apt-install $(APT_BUILD)
	$(GO) mod download
	@touch $@

test-deps: deps .deps-test $(STATICCHECK)
.deps-test: .deps-build Makefile .ci/apt-install
	@./.ci/apt-install $(APT_TEST)
	@touch $@
$(STATICCHECK):
	GOBIN=$(CURDIR)/bin/.staticcheck $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv bin/.staticcheck/staticcheck $@ && rmdir bin/.staticcheck

test: test-deps vet staticcheck unit smoke
	@echo "make test: all checks passed"

# Each check installs what it needs, so that it also works on its own (make
# unit) and with make -j.
vet: deps
	@fmt=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$fmt" ]; then echo "gofmt needed: $$fmt"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags smoke .

staticcheck: deps $(STATICCHECK)
	$(STATICCHECK) ./...

# Unit, store, screen, PDF, printing and durability tests, with the race
# detector, and those of the patched fpdf in third_party (its own module);
# then all of them again, without it, in another time zone and with the
# store on PostgreSQL.
# Printing tests send real jobs to CUPS's virtual PDF printer.
unit: deps .deps-test
	@./.ci/cups-start
	CASEDESK_KILL_ROUNDS=50 CASEDESK_CUPS_PRINTER=PDF $(GO) test -race -timeout 20m ./... codeberg.org/go-pdf/fpdf
	@# Again on a computer in another time zone, half an hour off the hour:
	@# no test may pass only because this one is on UTC. This run is also
	@# the store's on PostgreSQL: every store test, on a throwaway cluster
	@# the tests make with initdb and remove afterwards (the store's code is
	@# the same on both, so its dates are checked off UTC here too).
	TZ=Asia/Kolkata CASEDESK_TEST_SERVER=1 CASEDESK_KILL_ROUNDS=5 CASEDESK_CUPS_PRINTER=PDF $(GO) test -count=1 -timeout 20m ./...

# The built binary in a real X server, driven with xdotool; screenshots in
# .smoke/. The wizard's backup-code sheet is printed to the PDF printer.
# The tests run two at a time (CASEDESK_SMOKE_SLOTS), each in X servers of
# its own, the longest first, one of them alone; -parallel 8 lets every test
# wait for its turn in that order (smoke_slots_test.go).
smoke: .deps-test build
	@./.ci/cups-start
	CASEDESK_BIN=$(CURDIR)/$(BIN) CASEDESK_SHOTS=$(CURDIR)/.smoke CASEDESK_SMOKE_SLOTS=2 $(GO) test -tags smoke -count=1 -run Smoke -parallel 8 -v .

# The performance bars (see the README), on the reference data set.
bench: test-deps build
	$(GO) run ./tools/benchreport -bin $(BIN)

# The demo clinic in its own store beside the default one (or DB=path),
# 2,000 people unless PEOPLE=n.
demo: build
	./$(BIN) demo --people $(or $(PEOPLE),2000) $(if $(DB),--db $(DB))

# Each fuzz target for FUZZTIME (default 30s).
fuzz:
	@for p in ./app/ ./app/notice/ ./app/auth/ ./app/desk/ ./app/packet/ ./app/household/ ./data/; do for f in $$($(GO) test -list 'Fuzz.*' $$p | grep ^Fuzz); do \
		$(GO) test $$p -run XXX -fuzz "^$$f$$" -fuzztime $(or $(FUZZTIME),30s) || exit 1; done; done

clean:
	rm -rf bin .smoke .bench .deps-build .deps-test .deps-windows
