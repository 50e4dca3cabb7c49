package verify

import (
	"encoding/json"
	"io"
	"time"
)

// The JSON report is shaped like the results of a run where the two meet (a version, the target,
// totals, an entry per test with its status and duration), so that it can become a results
// document of its own kind once runs and verifications share one results format. This file is
// the one place that knows the shape.

// jsonVersion is the version of the JSON report's shape.
const jsonVersion = 1

type jsonReport struct {
	Version   int            `json:"version"`
	Kind      string         `json:"kind"`
	Target    string         `json:"target"`
	Strict    bool           `json:"strict"`
	Finished  string         `json:"finished"`
	Duration  float64        `json:"durationSeconds"`
	Totals    jsonTotals     `json:"totals"`
	Methods   []MethodCount  `json:"methods"`
	Cassettes []jsonCassette `json:"cassettes"`
}

type jsonTotals struct {
	Passed       int `json:"passed"`
	Failed       int `json:"failed"`
	Skipped      int `json:"skipped"`
	Interactions int `json:"interactions"`
	Agreed       int `json:"agreed"`
}

type jsonCassette struct {
	CassetteResult
	Duration float64 `json:"durationSeconds"`
}

// WriteJSON writes the result as a JSON document.
func WriteJSON(w io.Writer, r *Result) error {
	agreed, total := r.Interactions()
	doc := jsonReport{
		Version: jsonVersion, Kind: "verify", Target: r.Target, Strict: r.Strict,
		Finished: time.Now().UTC().Format(time.RFC3339),
		Duration: r.Duration.Seconds(),
		Totals:   jsonTotals{Passed: r.Passed, Failed: r.Failed, Skipped: r.Skipped, Interactions: total, Agreed: agreed},
		Methods:  r.Methods(),
	}
	for _, c := range r.Cassettes {
		doc.Cassettes = append(doc.Cassettes, jsonCassette{CassetteResult: c, Duration: c.Duration.Seconds()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
