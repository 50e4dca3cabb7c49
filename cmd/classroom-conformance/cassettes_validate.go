package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/discovery"
	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/redact"
)

const cassettesValidateUsage = `usage: classroom-conformance cassettes validate DIR|FILE...

Check every recorded request and answer against its method's schema in the
discovery document (unknown fields, JSON types, enums, formats, path parameters).
Requests the server refused with a 4xx are not reported. Exit 1 on any finding.
`

// runCassettesValidate is `classroom-conformance cassettes validate PATH...`: every recorded
// request and answer checked against its method's schema in the discovery document. Exit 1 on
// any finding, 2 when a cassette cannot be read.
func runCassettesValidate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := commandFlags("cassettes validate", cassettesValidateUsage, stderr)
	paths, code, done := parseInterspersed(fl, args, stderr)
	if done {
		return code
	}
	if len(paths) == 0 {
		return usageError(stderr, "cassettes validate", "name at least one directory or cassette file")
	}
	doc, err := discovery.Load()
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance cassettes validate: %v\n", err)
		return 2
	}
	files, err := redact.CassetteFiles(paths...)
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("no .yaml or .yml cassette under %s", strings.Join(paths, ", "))
	}
	if err != nil {
		fmt.Fprintf(stderr, "classroom-conformance cassettes validate: %v\n", err)
		return 2
	}
	var findings, interactions, undescribed int
	for _, file := range files {
		c, err := cassette.Load(ctx, file, cassette.Options{})
		if err != nil {
			fmt.Fprintf(stderr, "classroom-conformance cassettes validate: %v\n", err)
			return 2
		}
		for n, i := range c.Interactions() {
			interactions++
			u, err := url.Parse(i.Request.URL)
			if err != nil {
				fmt.Fprintf(stderr, "classroom-conformance cassettes validate: %s: interaction %d: %v\n", file, n, err)
				return 2
			}
			fs, described := doc.CheckExchange(discovery.Exchange{
				HTTPMethod: i.Request.Method, Path: u.Path, RawQuery: u.RawQuery,
				RequestBody: []byte(i.Request.Body), Status: i.Response.Code,
				ContentType:  firstHeader(i.Response.Headers, "Content-Type"),
				ResponseBody: []byte(i.Response.Body),
			})
			if !described {
				undescribed++
			}
			for _, f := range fs {
				fmt.Fprintf(stdout, "%s: interaction %d: %s\n", file, n, f)
			}
			findings += len(fs)
		}
	}
	summary := fmt.Sprintf("%d interaction(s) in %d cassette file(s) checked against discovery revision %s", interactions, len(files), doc.Revision)
	if undescribed > 0 {
		summary += fmt.Sprintf(" (%d at paths the document does not describe)", undescribed)
	}
	if findings > 0 {
		fmt.Fprintf(stdout, "%d finding(s); %s\n", findings, summary)
		return 1
	}
	fmt.Fprintf(stdout, "no findings; %s\n", summary)
	return 0
}

func firstHeader(h map[string][]string, name string) string {
	for k, vs := range h {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}
