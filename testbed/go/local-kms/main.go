// Command local-kms serves github.com/nsmithuk/local-kms (an AWS KMS API emulator) on one address.
//
// Upstream's main listens on ":"+PORT, i.e. on every interface; the testbed binds loopback only, so
// this wrapper runs the same request handler on the address given by KMS_LISTEN (default
// 127.0.0.1:0) and prints "listening on HOST:PORT" once bound. Not generated: kept by hand.
package main

import (
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"github.com/nsmithuk/local-kms/src"
	"github.com/nsmithuk/local-kms/src/config"
	"github.com/nsmithuk/local-kms/src/data"
)

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func main() {
	config.AWSAccountId = env("KMS_ACCOUNT_ID", "111122223333")
	config.AWSRegion = env("KMS_REGION", "eu-west-2")
	dataPath, err := filepath.Abs(env("KMS_DATA_PATH", "local-kms-data"))
	if err != nil {
		log.Fatalf("KMS_DATA_PATH: %v", err)
	}
	config.DatabasePath = dataPath
	database := data.NewDatabase(config.DatabasePath)
	defer database.Close()

	ln, err := net.Listen("tcp", env("KMS_LISTEN", "127.0.0.1:0"))
	if err != nil {
		log.Fatalf("listen: %v", err)
	}
	fmt.Printf("listening on %s\n", ln.Addr().String())
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { src.HandleRequest(w, r, database) })
	log.Fatal(http.Serve(ln, mux))
}
