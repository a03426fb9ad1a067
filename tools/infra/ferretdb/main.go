// Command ferretdb runs FerretDB v2 (a MongoDB wire-protocol gateway) embedded, on loopback, for
// local development and tests (started by tools/infra/infra.sh). Queries are evaluated by the
// DocumentDB extension inside PostgreSQL, which serves them from indexes.
//
// FerretDB's own cmd/ferretdb of v2.5.0 does not compile with Go >= 1.25 (a `//go:build !go1.25`
// file defines setGOMAXPROCS), so the project embeds its library package instead. It runs without
// authentication, which local tests want; telemetry is off.
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/v2/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address to listen on")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL URL of a database with the documentdb extension")
	stateDir := flag.String("state-dir", "", "directory for FerretDB's state file")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	if *postgresURL == "" || *stateDir == "" {
		log.Fatal("-postgresql-url and -state-dir are required")
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		log.Fatalf("-log-level: %v", err)
	}
	if err := os.MkdirAll(*stateDir, 0o755); err != nil {
		log.Fatal(err)
	}

	telemetry := false
	f, err := ferretdb.New(&ferretdb.Config{
		PostgreSQLURL: *postgresURL,
		ListenAddr:    *listen,
		StateDir:      *stateDir,
		LogLevel:      level,
		LogOutput:     os.Stderr,
		Telemetry:     &telemetry,
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log.Printf("ferretdb listening on %s", *listen)
	f.Run(ctx)
	log.Print("ferretdb stopped")
}
