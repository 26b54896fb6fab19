// Command continuum screens a work situation against the ILO indicators of
// forced labour and the ILO/EC indicators of trafficking.
package main

import (
	"os"

	"github.com/continuum-screening/continuum/internal/cli"
)

func main() {
	os.Exit(cli.Main())
}
