# classroom-conformance: the two set-up commands a newcomer needs are
#   make conformance   the whole suite against the embedded reference, with a report
#   make test          formatting, vet, and every test with the race detector

GO        ?= go
BIN       := bin/classroom-conformance
REPORTS   := reports
FUZZTIME  ?= 10s

# Go stamps the VCS revision of a checkout into the binary itself, except in a git worktree or
# with GOFLAGS=-buildvcs=false; these link-time values stand in then (see package version).
GIT_REVISION := $(shell git rev-parse HEAD 2>/dev/null)
GIT_MODIFIED := $(shell test -z "$$(git status --porcelain 2>/dev/null)" && echo false || echo true)
LDFLAGS      := -X github.com/classroom-conformance/classroom-conformance/version.revision=$(GIT_REVISION) -X github.com/classroom-conformance/classroom-conformance/version.modified=$(GIT_MODIFIED)

.PHONY: all build conformance cassettes test go-version fmt-check vet race fuzz compat image image-test clean

all: build

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/classroom-conformance

# conformance runs the whole suite against the embedded reference and writes JUnit, cucumber
# JSON, the native results, and from them the HTML report and its Markdown summary. The reports
# are written when a rule fails too (the exit status is then 1); a run that could not judge
# (exit 2) writes none.
conformance: build
	@mkdir -p $(REPORTS)
	@status=0; \
	./$(BIN) run --format progress --format junit:$(REPORTS)/conformance.xml \
		--format cucumber:$(REPORTS)/conformance.json --format json:$(REPORTS)/conformance.results.json || status=$$?; \
	if [ $$status -gt 1 ]; then exit $$status; fi; \
	./$(BIN) report --html $(REPORTS)/conformance.html --markdown $(REPORTS)/conformance.md \
		$(REPORTS)/conformance.results.json || exit 2; \
	echo "Reports: $(REPORTS)/conformance.html (open it in a browser), $(REPORTS)/conformance.md, $(REPORTS)/conformance.xml (JUnit)"; \
	exit $$status

# cassettes re-records the suite's offline recordings against the embedded reference: every
# scenario with the documented-default choices, then the scenarios of the other choices, which
# the rules catalogue derives (the profile and the tags that select their scenarios).
cassettes: build
	rm -rf cassettes/*/
	./$(BIN) run --record cassettes --format progress
	./$(BIN) rules --other-choices=profile > profiles/other-choices.yaml
	./$(BIN) run --record cassettes --profile profiles/other-choices.yaml --tags "$$(./$(BIN) rules --other-choices=tags)" --format progress

test: go-version fmt-check vet race fuzz compat image-test

# go-version says plainly, before anything runs, that make test needs the Go compat/go.mod names
# (Google's client libraries require it), rather than let an older go fail later on a toolchain
# it cannot download. The tool itself builds and tests with the Go of the top go.mod.
COMPAT_GO := $(shell sed -n 's/^go //p' compat/go.mod)

go-version:
	@have=$$($(GO) env GOVERSION | sed 's/^go//'); need='$(COMPAT_GO)'; \
	if [ "$$(printf '%s\n%s\n' "$$need" "$$have" | sort -V | head -n 1)" != "$$need" ]; then \
		echo "make test needs Go $$need or later (compat/go.mod); this is Go $$have." >&2; \
		echo "Install Go $$need or later, or test the tool alone with: go test ./..." >&2; \
		exit 1; \
	fi

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

race:
	$(GO) test -race -count=1 ./...

# fuzz runs each fuzz target briefly: request decoding and validation of the reference, any
# request to any route of the reference, the cassette codec, redaction, the results decoder,
# the schema check of bodies and fault plans.
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeCourseWork$$' -fuzztime=$(FUZZTIME) ./reference
	$(GO) test -run='^$$' -fuzz='^FuzzAnyRequest$$' -fuzztime=$(FUZZTIME) ./reference
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeAgreesWithYAMLv3$$' -fuzztime=5s ./proxy/cassette/internal/vcryaml
	$(GO) test -run='^$$' -fuzz='^FuzzWrittenStringsReadBackUnchanged$$' -fuzztime=5s ./proxy/cassette/internal/vcryaml
	$(GO) test -run='^$$' -fuzz='^FuzzBody$$' -fuzztime=5s ./redact
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=5s ./results
	$(GO) test -run='^$$' -fuzz='^FuzzCheckBody$$' -fuzztime=5s ./discovery
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=5s ./faults

compat:
	cd compat && $(GO) vet ./... && $(GO) test -race -count=1 ./...

# image writes the container image as an OCI image layout tarball, without a container daemon:
#   docker load -i bin/classroom-conformance-image.tar   (or podman load -i ...)
# tools/image is a module of its own, so go-containerregistry (pinned there) is a build tool only.
IMAGE := bin/classroom-conformance-image.tar

image:
	cd tools/image && $(GO) run . -root ../.. -o ../../$(IMAGE)

# image-test builds the image the same way, checks it as docker would read it, runs its binary
# from the unpacked root file system, and holds the Dockerfile to the same image.
image-test:
	cd tools/image && $(GO) vet ./... && $(GO) test -count=1 ./...

clean:
	rm -rf bin $(REPORTS)
