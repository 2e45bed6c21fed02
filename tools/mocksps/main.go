// Command mocksps runs the mock One Identity Safeguard for Privileged
// Sessions (SPS) REST API standalone, for demos and for driving the provider
// by hand. See internal/mocksps/README.md for what it emulates.
//
// When it is ready it prints exactly one line to stdout:
//
//	mocksps listening on <url>
//
// and it shuts down gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/faults"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// userFlags collects repeated -user name:password:role values.
type userFlags []mocksps.User

func (u *userFlags) String() string {
	names := make([]string, len(*u))
	for i, x := range *u {
		names[i] = x.Name + ":***:" + x.Role // never echo passwords
	}
	return strings.Join(names, ",")
}

func (u *userFlags) Set(v string) error {
	name, rest, ok1 := strings.Cut(v, ":")
	// The role is after the last colon so passwords may contain colons.
	i := strings.LastIndex(rest, ":")
	if !ok1 || i < 0 || name == "" {
		return errors.New("want name:password:role")
	}
	pw, role := rest[:i], rest[i+1:]
	if role != "admin" && role != "auditor" {
		return fmt.Errorf("role %q: want admin or auditor", role)
	}
	if pw == "" {
		return errors.New("empty password")
	}
	*u = append(*u, mocksps.User{Name: name, Password: pw, Role: role})
	return nil
}

// faultFlags collects repeated -fault SPEC values, parsed as they come so a
// bad spec is reported with the flag that carried it.
type faultFlags []faults.Fault

func (f *faultFlags) String() string { return fmt.Sprint(len(*f), " fault(s)") }

func (f *faultFlags) Set(v string) error {
	ft, err := faults.ParseFlag(v)
	if err != nil {
		return err
	}
	*f = append(*f, ft)
	return nil
}

type options struct {
	addr, caOut, shape string
	firmware           string
	plain              bool
	users              userFlags
	sessions           int
	seed               int64
	sessionsFile       string
	ttl, commitDelay   time.Duration
	faults             faultFlags
	faultSeed          int64
	latency            time.Duration
	now                string
	stateFile          string
	keySeed            int64
	clientCA           string
	certUsers          certUserFlags
	set                map[string]bool // the flags given on the command line
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("mocksps", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = usage(fs, stderr)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8443", "listen address (port 0 picks a free port; the URL line shows it)")
	fs.StringVar(&o.caOut, "ca-out", "", "write the self-signed certificate (PEM) here, for the client's CA bundle")
	fs.BoolVar(&o.plain, "plain-http", false, "serve plain HTTP instead of TLS")
	fs.Var(&o.users, "user", "account `name:password:role` (role admin or auditor); repeatable; default admin:admin:admin")
	fs.IntVar(&o.sessions, "sessions", 0, "generate this many recorded sessions in the session database")
	fs.Int64Var(&o.seed, "seed", 1, "seed for generated sessions")
	fs.StringVar(&o.now, "now", "", "RFC 3339 time the generated sessions lead up to (default: the current hour, so runs within one hour serve identical data)")
	fs.StringVar(&o.sessionsFile, "sessions-file", "", "load recorded sessions from this JSON file")
	fs.StringVar(&o.shape, "options-shape", "audit", "shape of /api/configuration/vnc/options: audit (newer firmware) or legacy")
	fs.StringVar(&o.firmware, "firmware", mocksps.DefaultFirmware, "firmware `version` /api/info reports: 7.x and 8.x serve the advanced session search (snapshots, _count), 6.x only the basic one")
	fs.DurationVar(&o.ttl, "session-ttl", mocksps.DefaultSessionTTL, "idle timeout of a login session")
	fs.DurationVar(&o.commitDelay, "commit-delay", 0, "how long each commit takes (a started commit finishes even if the client hangs up)")
	fs.Var(&o.faults, "fault", "arm a fault `SPEC` such as \"kind=status,match=PUT /api/transaction,status=503\"; repeatable (see Faults below)")
	fs.Int64Var(&o.faultSeed, "fault-seed", 0, "seed for probabilistic faults (same seed, same faults)")
	fs.DurationVar(&o.latency, "latency", 0, "delay every SPS API request by this much (emulates a remote appliance)")
	fs.Int64Var(&o.keySeed, "key-seed", 0, "seed for the keys of created configuration objects (0: random; same seed, clock and requests give the same keys)")
	fs.StringVar(&o.stateFile, "state-file", "", "keep the committed configuration and the sessions in this file across restarts (created if missing; written atomically after every change)")
	certLoginFlags(fs, o)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	case o.shape != "audit" && o.shape != "legacy":
		return nil, fmt.Errorf("-options-shape %q: want audit or legacy", o.shape)
	case !validFirmware(o.firmware):
		_, err := mocksps.ParseFirmware(o.firmware)
		return nil, fmt.Errorf("-%w", err)
	case o.ttl <= 0:
		return nil, errors.New("-session-ttl must be positive")
	case o.commitDelay < 0:
		return nil, errors.New("-commit-delay must not be negative")
	case o.latency < 0:
		return nil, errors.New("-latency must not be negative")
	case o.sessions < 0:
		return nil, errors.New("-sessions must not be negative")
	case o.now != "" && !validRFC3339(o.now):
		return nil, fmt.Errorf("-now %q: want an RFC 3339 time such as 2026-01-31T12:00:00Z", o.now)
	case o.plain && o.caOut != "":
		return nil, errors.New("-ca-out needs TLS; drop -plain-http")
	}
	if err := checkCertLogin(o); err != nil {
		return nil, err
	}
	return o, nil
}

// run serves until ctx ends and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "mocksps:", err)
		return 2
	}
	cfg, saver, err := configure(o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "mocksps:", err)
		return 1
	}
	mock := mocksps.New(cfg)
	if saver != nil {
		// The file exists from the start, so the next run finds these
		// sessions and this configuration even if nothing changes.
		if err := saver.write(mock.Snapshot()); err != nil {
			fmt.Fprintln(stderr, "mocksps: -state-file:", err)
			return 1
		}
	}
	// All or none: a server running with half of the requested faults
	// would make a misleading demo.
	if _, err := mock.Faults().AddAll(o.faults); err != nil {
		fmt.Fprintln(stderr, "mocksps: -fault:", err)
		return 2
	}
	mock.Faults().SetLatency(o.latency)
	srv := &http.Server{
		Handler:           mock,
		ReadHeaderTimeout: 10 * time.Second,
	}

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", o.addr)
	if err != nil {
		fmt.Fprintln(stderr, "mocksps:", err)
		return 1
	}
	scheme := "http"
	if !o.plain {
		tlsCfg, certPEM, err := mocksps.SelfSignedTLS()
		if err != nil {
			fmt.Fprintln(stderr, "mocksps: generating the TLS certificate:", err)
			return 1
		}
		if o.caOut != "" {
			if err := os.WriteFile(o.caOut, certPEM, 0o644); err != nil {
				fmt.Fprintln(stderr, "mocksps:", err)
				return 1
			}
		}
		if err := enableCertLogin(o, tlsCfg); err != nil {
			fmt.Fprintln(stderr, "mocksps:", err)
			return 1
		}
		ln = tls.NewListener(ln, tlsCfg)
		scheme = "https"
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "mocksps listening on %s://%s\n", scheme, urlHost(ln.Addr()))
	if f, ok := stdout.(*os.File); ok {
		_ = f.Sync()
	}

	select {
	case err := <-errc:
		fmt.Fprintln(stderr, "mocksps:", err)
		return 1
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintln(stderr, "mocksps: shutdown:", err)
		return 1
	}
	return 0
}

// configure builds the mock's configuration from the flags and, with
// -state-file, from the saved state, which it then keeps up to date.
func configure(o *options, stderr io.Writer) (mocksps.Config, *persister, error) {
	cfg := mocksps.Config{
		Users:       o.users,
		SessionTTL:  o.ttl,
		CommitDelay: o.commitDelay,
		FaultSeed:   o.faultSeed,
		KeySeed:     o.keySeed,
		CertUsers:   o.certUsers,
	}
	var src sessionSource
	var saver *persister
	if o.stateFile == "" {
		var err error
		if src, err = sessionSourceOf(o); err != nil {
			return cfg, nil, err
		}
	} else {
		removeStaleTemps(o.stateFile)
		f, err := openState(o)
		if err != nil {
			return cfg, nil, err
		}
		src = f.Sessions
		if f.Config.Lists != nil {
			cfg.Committed = &f.Config
		}
		saver = &persister{path: o.stateFile, head: stateFile{OptionsShape: o.shape, Firmware: o.firmware, Sessions: src}, stderr: stderr}
		cfg.OnCommitted = saver.save
	}
	cfg.OptionsShape = o.shape
	cfg.Firmware = o.firmware
	st, err := sessionsOf(src)
	if err != nil {
		return cfg, nil, err
	}
	cfg.Audit = st
	return cfg, saver, nil
}

func validFirmware(s string) bool {
	_, err := mocksps.ParseFirmware(s)
	return err == nil
}

// urlHost renders a listener address for a URL ("[::1]:8443" for IPv6).
func urlHost(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return net.JoinHostPort(t.IP.String(), fmt.Sprint(t.Port))
	}
	return a.String()
}
