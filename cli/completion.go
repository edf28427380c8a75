package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// NewCmdCompletion builds `lambdatutor completion bash|zsh|fish`.
func NewCmdCompletion(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish",
		Short: "Print a shell completion script",
		Long: `Print a completion script for your shell. Load it in the current shell or
install it where your shell looks for completions.`,
		Example: `  source <(lambdatutor completion bash)
  lambdatutor completion zsh > "${fpath[1]}/_lambdatutor"
  lambdatutor completion fish > ~/.config/fish/completions/lambdatutor.fish`,
		ValidArgs: []string{"bash", "zsh", "fish"},
		Args:      cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(f.Out, true)
			case "zsh":
				return root.GenZshCompletion(f.Out)
			case "fish":
				return root.GenFishCompletion(f.Out, true)
			}
			return fmt.Errorf("unknown shell %q: use bash, zsh or fish", args[0])
		},
	}
}
