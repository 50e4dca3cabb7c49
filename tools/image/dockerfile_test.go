package main

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// dockerfileStage is one stage of a Dockerfile: its FROM and its instructions, with line
// continuations joined.
type dockerfileStage struct {
	from         string
	instructions [][2]string // keyword, arguments
}

func parseDockerfile(t *testing.T, file string) []dockerfileStage {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var stages []dockerfileStage
	var logical string
	for _, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if logical == "" && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			logical += strings.TrimSuffix(trimmed, "\\") + " "
			continue
		}
		logical += trimmed
		kw, args, _ := strings.Cut(logical, " ")
		kw, args = strings.ToUpper(kw), strings.TrimSpace(args)
		logical = ""
		if kw == "FROM" {
			stages = append(stages, dockerfileStage{from: args})
			continue
		}
		if len(stages) == 0 {
			t.Fatalf("%s: %s before FROM", file, kw)
		}
		s := &stages[len(stages)-1]
		s.instructions = append(s.instructions, [2]string{kw, args})
	}
	return stages
}

func (s dockerfileStage) all(kw string) []string {
	var out []string
	for _, in := range s.instructions {
		if in[0] == kw {
			out = append(out, in[1])
		}
	}
	return out
}

func (s dockerfileStage) one(t *testing.T, kw string) string {
	t.Helper()
	v := s.all(kw)
	if len(v) != 1 {
		t.Fatalf("the final stage has %d %s instructions, want 1", len(v), kw)
	}
	return v[0]
}

func jsonList(t *testing.T, kw, s string) []string {
	t.Helper()
	var v []string
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%s %s: not the exec (JSON) form: %v", kw, s, err)
	}
	return v
}

var pair = regexp.MustCompile(`([A-Za-z0-9_.\-]+)=("[^"]*"|\S+)`)

func pairs(s string) map[string]string {
	m := map[string]string{}
	for _, p := range pair.FindAllStringSubmatch(s, -1) {
		m[p[1]] = strings.Trim(p[2], `"`)
	}
	return m
}

// TestDockerfileAgrees keeps the Dockerfile equivalent to the image tools/image builds: the same
// base, user, working directory, entrypoint, command, environment, labels and build arguments,
// and a build stage that makes the same static, stamped binary and root file system.
func TestDockerfileAgrees(t *testing.T) {
	stages := parseDockerfile(t, "../../Dockerfile")
	if len(stages) < 2 {
		t.Fatalf("want a build stage and a final stage, got %d stages", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]
	if final.from != "scratch" {
		t.Errorf("the final stage is FROM %s, tools/image builds on an empty base", final.from)
	}
	if got := final.one(t, "USER"); got != user {
		t.Errorf("USER %s, want %s", got, user)
	}
	if got := final.one(t, "WORKDIR"); got != homePath {
		t.Errorf("WORKDIR %s, want %s", got, homePath)
	}
	if got := jsonList(t, "ENTRYPOINT", final.one(t, "ENTRYPOINT")); strings.Join(got, "\x00") != strings.Join(entrypoint, "\x00") {
		t.Errorf("ENTRYPOINT %q, want %q", got, entrypoint)
	}
	if got := jsonList(t, "CMD", final.one(t, "CMD")); strings.Join(got, "\x00") != strings.Join(cmd, "\x00") {
		t.Errorf("CMD %q, want %q", got, cmd)
	}
	var gotEnv []string
	for k, v := range pairs(final.one(t, "ENV")) {
		gotEnv = append(gotEnv, k+"="+v)
	}
	wantEnv := append([]string(nil), env...)
	sort.Strings(gotEnv)
	sort.Strings(wantEnv)
	if strings.Join(gotEnv, " ") != strings.Join(wantEnv, " ") {
		t.Errorf("ENV %v, want %v", gotEnv, wantEnv)
	}

	args := map[string]bool{}
	for _, a := range final.all("ARG") {
		name, _, _ := strings.Cut(a, "=")
		args[name] = true
	}
	byLabel := map[string]string{}
	for arg, label := range dockerArgs {
		byLabel[label] = arg
		if !args[arg] {
			t.Errorf("the final stage has no ARG %s for label %s", arg, label)
		}
	}
	labels := pairs(strings.Join(final.all("LABEL"), " "))
	for k, v := range staticLabels {
		if labels[k] != v {
			t.Errorf("LABEL %s=%q, want %q", k, labels[k], v)
		}
	}
	for label, arg := range byLabel {
		if labels[label] != "${"+arg+"}" {
			t.Errorf("LABEL %s=%q, want it from the build argument ${%s}", label, labels[label], arg)
		}
	}
	if len(labels) != len(staticLabels)+len(dockerArgs) {
		t.Errorf("the Dockerfile has labels %v; tools/image has %v and %v", labels, staticLabels, byLabel)
	}

	run := strings.Join(build.all("RUN"), " ")
	for _, want := range []string{
		"CGO_ENABLED=0 go build -trimpath", `-s -w`,
		"-X " + modulePackage + ".revision=${REVISION}", "-X " + modulePackage + ".modified=${MODIFIED}",
		"-o /rootfs" + binaryPath,
		"tools/image/rootfs/etc/passwd tools/image/rootfs/etc/group /rootfs/etc/",
		defaultCACerts + " /rootfs" + caCertsPath,
		"cp -r cassettes /rootfs" + cassettesPath,
		"chown 65532:65532 /rootfs" + homePath, "chmod 1777 /rootfs/tmp",
	} {
		if !strings.Contains(run, want) {
			t.Errorf("the build stage does not run %q", want)
		}
	}
	if got := strings.Join(final.all("COPY"), "|"); got != "--from=build /rootfs/ /" {
		t.Errorf("the final stage copies %q, want only the build stage's root file system", got)
	}
	ignore, err := os.ReadFile("../../.dockerignore")
	if err != nil || !strings.Contains(string(ignore), "/bin/") {
		t.Errorf(".dockerignore must keep bin/ (and its image tarball) out of the build context: %v", err)
	}
}

// TestDockerBuildArgs: the build arguments printed for `docker build` are the Dockerfile's.
func TestDockerBuildArgs(t *testing.T) {
	stages := parseDockerfile(t, "../../Dockerfile")
	declared := map[string]bool{}
	for _, s := range stages {
		for _, a := range s.all("ARG") {
			name, _, _ := strings.Cut(a, "=")
			declared[name] = true
		}
	}
	args, err := DockerBuildArgs(t.Context(), "../..")
	if err != nil {
		t.Fatal(err)
	}
	if len(args) != 2*(len(dockerArgs)+1) {
		t.Fatalf("build args %q", args)
	}
	for i := 0; i < len(args); i += 2 {
		name, value, _ := strings.Cut(args[i+1], "=")
		if args[i] != "--build-arg" || !declared[name] || strings.ContainsAny(value, " \t") {
			t.Errorf("%s %s: not a build argument the Dockerfile declares", args[i], args[i+1])
		}
	}
}
