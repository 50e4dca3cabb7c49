package proxy

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
)

// TestRecordingProxyProcess is the child of TestKill9DuringRecording: a recording proxy that
// saves every 2ms and runs until it is killed.
func TestRecordingProxyProcess(t *testing.T) {
	if os.Getenv("PROXY_CRASH_CHILD") != "1" {
		t.Skip("run by TestKill9DuringRecording")
	}
	u, err := url.Parse(os.Getenv("PROXY_CRASH_UPSTREAM"))
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &Proxy{Mode: Record, Cassette: cassette.New(os.Getenv("PROXY_CRASH_CASSETTE"), cassette.Options{}),
		Upstream: u, SaveInterval: 2 * time.Millisecond, ErrorLog: discardLog()}
	fmt.Printf("ADDR %s\n", ln.Addr())
	p.Serve(context.Background(), ln)
}

// A process killed with SIGKILL while it records, at any moment, leaves a cassette that loads and
// holds only whole interactions: the previous save, never a truncated file.
func TestKill9DuringRecording(t *testing.T) {
	up := newUpstream(t)
	path := t.TempDir() + "/crash.yaml"
	for round, afterSaves := range []int{1, 3, 8} {
		t.Run(fmt.Sprintf("round %d", round), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestRecordingProxyProcess$")
			cmd.Env = append(os.Environ(), "PROXY_CRASH_CHILD=1", "PROXY_CRASH_UPSTREAM="+up.URL, "PROXY_CRASH_CASSETTE="+path)
			out, err := cmd.StdoutPipe()
			require.NoError(t, err)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			line, err := bufio.NewReader(out).ReadString('\n')
			if err != nil || !strings.HasPrefix(line, "ADDR ") {
				t.Fatalf("child said %q: %v", line, err)
			}
			base := "http://" + strings.TrimSpace(strings.TrimPrefix(line, "ADDR "))

			var stop atomic.Bool
			var sent atomic.Int64
			var wg sync.WaitGroup
			for w := 0; w < 4; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					client := &http.Client{Timeout: 5 * time.Second}
					for n := 0; !stop.Load(); n++ {
						body := fmt.Sprintf(`{"round":%d,"worker":%d,"n":%d}`, round, w, n)
						resp, err := client.Post(base+"/v1/courses", "application/json", strings.NewReader(body))
						if err != nil {
							return // the child is gone
						}
						resp.Body.Close()
						sent.Add(1)
					}
				}()
			}
			// Let the child save a few times, then kill it in the middle of traffic.
			saved := 0
			var last time.Time
			// A save of a growing cassette takes longer each time, and the pause after it ten
			// times that: on a busy machine the rounds need more than waitFor's ten seconds.
			waitForLong(t, "periodic saves", func() bool {
				if st, err := os.Stat(path); err == nil && st.ModTime() != last {
					last, saved = st.ModTime(), saved+1
				}
				return saved >= afterSaves && sent.Load() > int64(10*afterSaves)
			})
			if err := cmd.Process.Signal(os.Kill); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			stop.Store(true)
			wg.Wait()

			c, err := cassette.Load(context.Background(), path, cassette.Options{})
			if err != nil {
				t.Fatalf("the cassette left by a killed recorder does not load: %v", err)
			}
			if c.Len() == 0 {
				t.Fatal("empty cassette")
			}
			for idx, i := range c.Interactions() {
				if i.ID != idx || decodeEcho(t, i.Response.Body).Body != i.Request.Body {
					t.Fatalf("interaction %d is not whole: %+v", idx, i)
				}
			}
			t.Logf("killed after %d requests; the cassette holds %d interactions", sent.Load(), c.Len())
		})
	}
}

func waitForLong(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
