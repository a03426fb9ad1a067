// Command ferretdb runs FerretDB v1 (a MongoDB wire-protocol server) embedded, on loopback, for
// local development and tests (started by tools/infra/infra.sh). FerretDB's own CLI cannot be
// built from the module proxy (it needs a generated build/version/version.txt), so the project
// embeds its library (package github.com/FerretDB/FerretDB/ferretdb) instead.
//
// Backends: -postgresql-url (the default in infra.sh: filters on any field are pushed down to SQL)
// or -sqlite-dir (no extra server, but FerretDB 1.x pushes down only {_id: x} filters on SQLite,
// so every other query or update scans the collection in Go).
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address to listen on")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL backend URL (postgresql handler)")
	sqliteDir := flag.String("sqlite-dir", "", "data directory (sqlite handler)")
	flag.Parse()

	cfg := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *listen}}
	switch {
	case *postgresURL != "" && *sqliteDir != "":
		log.Fatal("give either -postgresql-url or -sqlite-dir, not both")
	case *postgresURL != "":
		cfg.Handler = "postgresql"
		cfg.PostgreSQLURL = *postgresURL
	case *sqliteDir != "":
		dir, err := filepath.Abs(*sqliteDir)
		if err != nil {
			log.Fatal(err)
		}
		if err = os.MkdirAll(dir, 0o755); err != nil {
			log.Fatal(err)
		}
		cfg.Handler = "sqlite"
		cfg.SQLiteURL = "file:" + dir + "/" // a directory URI: one SQLite file per database
	default:
		log.Fatal("-postgresql-url or -sqlite-dir is required")
	}

	f, err := ferretdb.New(cfg)
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log.Printf("ferretdb (%s handler) listening on %s", cfg.Handler, *listen)
	if err = f.Run(ctx); err != nil {
		log.Fatal(err)
	}
	log.Print("ferretdb stopped")
}
