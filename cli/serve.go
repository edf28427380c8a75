package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"charm.land/log/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/lambdatutor/lambdatutor/class"
	"github.com/lambdatutor/lambdatutor/progress"
	"github.com/lambdatutor/lambdatutor/sandbox/python"
	"github.com/lambdatutor/lambdatutor/sshserver"
)

// shutdownTimeout is how long `serve` waits, after SIGTERM, for sessions to
// save and close before it cuts them.
const shutdownTimeout = 30 * time.Second

// ServeOptions are the options of `lambdatutor serve`.
type ServeOptions struct {
	Listen            string
	HostKey           string
	MaxSessions       int
	MaxSessionsPerKey int
	ConnsPerMinute    int
	IdleTimeout       time.Duration
	NoSessionTimeout  time.Duration
	AllowKeys         string
	Instructors       string
	Plan              string
	Guest             bool
	LogFormat         string
	HealthListen      string
	ProxyProtocol     bool
}

// NewCmdServe builds `lambdatutor serve`.
func NewCmdServe(f *Factory, runF func(context.Context, *ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the tutor over SSH to a class",
		Long: `Serve the tutor over SSH: learners connect with ` + "`ssh -p 2222 HOST`" + ` and get
the same tutor, with their progress kept under their SSH key's fingerprint in
the progress database (--db). The SSH user name is shown as their name.

The host key is generated on first start (ed25519) in the data directory,
next to the default database, unless --host-key names a file. With
--allow-keys only the keys in that authorized_keys file get in (the file is
re-read when it changes); with --guest, clients without a key (or without an
allowed one) get in as guests whose progress lasts only for the session.

With --instructors, the keys in that authorized_keys file (re-read when it
changes; they get in even when --allow-keys does not list them) also get the
Class screen: the roster, quiz accuracy by topic, the exercise table, each
learner's progress and exercise code, and the course plan. Learners are told
that instructors can see their exercise code. --plan sets the course plan
from a YAML file, checked at start (every error as file:line):

  assignments:
    - lesson: what-is-lambda
      due: 2026-12-08
    - exercise: hello-world
      due: 2026-12-10
    - topic: cold-starts       # quiz topic: done at 5 questions answered right
      due: 2026-12-12

The plan is kept in the database, so every instance sharing it sees it; the
file's items replace those of the previous plan file at each start, and items
added on the Class screen stay. ` + "`lambdatutor class report`" + ` prints the same data.

Each flag can also be set with an environment variable: LAMBDATUTOR_ and the
flag name in capitals with _ for -, e.g. LAMBDATUTOR_LISTEN=0.0.0.0:2222.
SIGTERM or ctrl+c stops accepting, tells connected learners, lets their
progress be saved, and exits.

Several instances behind a TCP load balancer can share one PostgreSQL
database (--db postgres://...) and one --host-key; the per-key session limit
then holds over all of them. --health-listen serves /healthz, /readyz and
Prometheus /metrics for the load balancer and monitoring.`,
		Example: `  lambdatutor serve                                   # on 127.0.0.1:2222
  lambdatutor serve --listen 0.0.0.0:2222 --allow-keys class.keys
  lambdatutor serve --guest --max-sessions 60 --idle-timeout 1h
  lambdatutor serve --allow-keys class.keys --instructors staff.keys --plan plan.yaml
  lambdatutor serve --db postgres://tutor@db/lambdatutor --host-key shared_key --health-listen 127.0.0.1:9090
  ssh -p 2222 localhost                                # connect as a learner`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := flagsFromEnv(cmd.Flags(), f.Getenv); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runServe(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Listen, "listen", sshserver.DefaultAddr, "address to listen on (0.0.0.0:2222 for every interface)")
	fl.StringVar(&opts.HostKey, "host-key", "", "host key file, generated if missing (default $XDG_DATA_HOME/lambdatutor/"+sshserver.HostKeyFileName+")")
	fl.IntVar(&opts.MaxSessions, "max-sessions", sshserver.DefaultMaxSessions, "most sessions at once (0: no limit)")
	fl.IntVar(&opts.MaxSessionsPerKey, "max-sessions-per-key", sshserver.DefaultMaxSessionsPerKey, "most sessions at once for one key (0: no limit)")
	fl.IntVar(&opts.ConnsPerMinute, "conns-per-minute", sshserver.DefaultConnsPerMinute, "most new connections a minute from one IP address (0: no limit)")
	fl.DurationVar(&opts.IdleTimeout, "idle-timeout", sshserver.DefaultIdleTimeout, "end a session after this long without a key press (0: never)")
	fl.DurationVar(&opts.NoSessionTimeout, "no-session-timeout", sshserver.DefaultNoSessionTimeout, "close a connection that opens no session after this long (0: never)")
	fl.StringVar(&opts.AllowKeys, "allow-keys", "", "only let in the keys in this authorized_keys file")
	fl.StringVar(&opts.Instructors, "instructors", "", "keys in this authorized_keys file get the Class screen (roster, topics, exercises, plan)")
	fl.StringVar(&opts.Plan, "plan", "", "course plan: a YAML file of lessons, exercises and quiz topics with due dates")
	fl.BoolVar(&opts.Guest, "guest", false, "let clients without a key in as guests (progress kept only for the session)")
	fl.StringVar(&opts.LogFormat, "log-format", "text", "log format on standard error: text, logfmt or json")
	fl.BoolVar(&opts.ProxyProtocol, "proxy-protocol", false, "connections come from a load balancer that sends the PROXY protocol (HAProxy send-proxy); only when nothing else can reach --listen")
	fl.StringVar(&opts.HealthListen, "health-listen", "", "serve /healthz, /readyz and Prometheus /metrics over HTTP on this address, e.g. 127.0.0.1:9090")
	return cmd
}

// flagsFromEnv sets each flag not given on the command line from
// LAMBDATUTOR_<NAME>, when that is set.
func flagsFromEnv(fs *pflag.FlagSet, getenv func(string) string) error {
	var err error
	fs.VisitAll(func(fl *pflag.Flag) {
		if err != nil || fl.Changed {
			return
		}
		name := "LAMBDATUTOR_" + strings.ToUpper(strings.ReplaceAll(fl.Name, "-", "_"))
		if v := getenv(name); v != "" {
			if serr := fs.Set(fl.Name, v); serr != nil {
				err = fmt.Errorf("environment variable %s=%q: %w; fix or unset it", name, v, serr)
			}
		}
	})
	return err
}

func newLogger(f *Factory, format string) (*log.Logger, error) {
	var fm log.Formatter
	switch format {
	case "text":
		fm = log.TextFormatter
	case "logfmt":
		fm = log.LogfmtFormatter
	case "json":
		fm = log.JSONFormatter
	default:
		return nil, fmt.Errorf("unknown --log-format %q; use text, logfmt or json", format)
	}
	l := log.NewWithOptions(f.ErrOut, log.Options{ReportTimestamp: true, TimeFormat: time.RFC3339, Formatter: fm, Prefix: "lambdatutor"})
	if f.noColor() {
		l.SetColorProfile(colorprofile.NoTTY)
	}
	return l, nil
}

func runServe(ctx context.Context, f *Factory, opts *ServeOptions) error {
	logger, err := newLogger(f, opts.LogFormat)
	if err != nil {
		return err
	}
	cat, err := f.Catalog()
	if err != nil {
		return err
	}
	hl, err := newHealth(f, opts.HealthListen)
	if err != nil {
		return err
	}
	defer hl.close()
	store, err := f.Store()
	if err != nil {
		return err
	}
	if opts.Plan != "" {
		if err := loadPlan(ctx, store, opts.Plan); err != nil {
			return err
		}
	}
	keyPath := opts.HostKey
	if keyPath == "" {
		if keyPath, err = sshserver.DefaultHostKeyPath(); err != nil {
			return err
		}
	}
	hostKey, created, err := sshserver.LoadOrCreateHostKey(keyPath)
	if err != nil {
		return err
	}
	if created {
		logger.Info("generated a host key", "path", keyPath)
	}
	srv, err := sshserver.New(sshserver.Config{
		Addr:              opts.Listen,
		HostKey:           hostKey,
		Catalog:           cat,
		Store:             store,
		MaxSessions:       opts.MaxSessions,
		MaxSessionsPerKey: opts.MaxSessionsPerKey,
		ConnsPerMinute:    opts.ConnsPerMinute,
		IdleTimeout:       opts.IdleTimeout,
		NoSessionTimeout:  opts.NoSessionTimeout,
		AllowKeysFile:     opts.AllowKeys,
		InstructorsFile:   opts.Instructors,
		Guest:             opts.Guest,
		Logger:            logger,
		Metrics:           hl.serverMetrics(),
		ProxyProtocol:     opts.ProxyProtocol,
	})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w; choose another address with --listen", opts.Listen, err)
	}
	logger.Info("progress database", "path", store.Path())
	if hl != nil {
		hl.start(store, logger)
	}
	served := make(chan error, 1)
	// Compile (or load) the Python interpreter now, not when the first
	// learner runs Python.
	python.PrepareInBackground()
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	hl.drain()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err = srv.Shutdown(sctx)
	if serr := <-served; err == nil && serr != nil && !errors.Is(serr, net.ErrClosed) {
		err = serr
	}
	return err
}

// loadPlan checks the plan file and makes it the database's plan-file part.
func loadPlan(ctx context.Context, store *progress.Store, path string) error {
	c, err := class.DefaultContent()
	if err != nil {
		return err
	}
	items, err := class.LoadPlan(path, c)
	if err != nil {
		return fmt.Errorf("the course plan (--plan) has problems; fix them and start again:\n%w", err)
	}
	return store.ReplaceFilePlan(ctx, items)
}
