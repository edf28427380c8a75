// Command lambdatutor is a terminal tutor and interview trainer for AWS Lambda.
// It only wires the command tree together; the logic lives in the packages.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/lambdatutor/lambdatutor/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Execute(ctx, cli.NewFactory(), version, os.Args[1:])
	stop()
	os.Exit(code)
}
