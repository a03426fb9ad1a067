// Command ferretdb runs FerretDB (a MongoDB wire-protocol server) embedded, on loopback, for local
// development and tests. FerretDB's own CLI cannot be built from the module proxy (it needs a
// generated version file), so the project embeds its library instead.
package main

import (
	"context"
	"flag"
	"log"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address to listen on")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL backend URL")
	flag.Parse()
	if *postgresURL == "" {
		log.Fatal("-postgresql-url is required")
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Handler:       "postgresql",
		PostgreSQLURL: *postgresURL,
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log.Printf("ferretdb listening on %s", f.MongoDBURI())
	f.Run(ctx)
}
