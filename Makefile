# classroom-conformance: the two set-up commands a newcomer needs are
#   make conformance   the whole suite against the embedded reference, with a report
#   make test          formatting, vet, and every test with the race detector

GO        ?= go
BIN       := bin/classroom-conformance
REPORTS   := reports
FUZZTIME  ?= 10s

.PHONY: all build conformance cassettes test fmt-check vet race fuzz compat clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/classroom-conformance

conformance: build
	@mkdir -p $(REPORTS)
	./$(BIN) run --format progress --format junit:$(REPORTS)/conformance.xml --format cucumber:$(REPORTS)/conformance.json
	@echo "JUnit report: $(REPORTS)/conformance.xml"

# cassettes re-records the suite's offline recordings against the embedded reference: every
# scenario with the documented-default choices, then the scenarios of the other choices.
OTHER_CHOICES := @ambiguity:coursework.default-state=PUBLISHED,@ambiguity:coursework.hidden-from-student=PERMISSION_DENIED,@ambiguity:modifyassignees.project-rule=ENFORCED,@ambiguity:reclaim.returned=ALLOWED,@ambiguity:return.not-turned-in=ALLOWED,@ambiguity:turnin.already-turned-in=ALLOWED

cassettes: build
	rm -rf cassettes/*/
	./$(BIN) run --record cassettes --format progress
	./$(BIN) run --record cassettes --profile profiles/other-choices.yaml --tags '$(OTHER_CHOICES)' --format progress

test: fmt-check vet race fuzz compat

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

race:
	$(GO) test -race -count=1 ./...

# fuzz runs each fuzz target briefly: request decoding and validation of the reference, any
# request to any route of the reference, the cassette codec and redaction.
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeCourseWork$$' -fuzztime=$(FUZZTIME) ./reference
	$(GO) test -run='^$$' -fuzz='^FuzzAnyRequest$$' -fuzztime=$(FUZZTIME) ./reference
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeAgreesWithYAMLv3$$' -fuzztime=5s ./proxy/cassette/internal/vcryaml
	$(GO) test -run='^$$' -fuzz='^FuzzWrittenStringsReadBackUnchanged$$' -fuzztime=5s ./proxy/cassette/internal/vcryaml
	$(GO) test -run='^$$' -fuzz='^FuzzBody$$' -fuzztime=5s ./redact

compat:
	cd compat && $(GO) vet ./... && $(GO) test -race -count=1 ./...

clean:
	rm -rf bin $(REPORTS)
