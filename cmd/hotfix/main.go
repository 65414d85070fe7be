// Command hotfix runs a team's hotfix runbook as an enforced, resumable
// workflow. See README.md and docs/.
package main

import (
	"os"

	"github.com/hotfix-dev/hotfix/internal/hotfixcmd"
)

func main() {
	os.Exit(hotfixcmd.Main(os.Args[1:]))
}
