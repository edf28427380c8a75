package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lambdatutor/lambdatutor/quiz"
	"github.com/lambdatutor/lambdatutor/tui"
)

// QuizOptions are the options of `lambdatutor quiz`.
type QuizOptions struct {
	Mode       string
	Topic      string
	Difficulty int
	Count      int
	Duration   time.Duration
	Plain      bool
	Seed       uint64
	// Clock is "now" for the session (time.Now when nil); tests set it.
	Clock func() time.Time
}

// NewCmdQuiz builds `lambdatutor quiz`.
func NewCmdQuiz(f *Factory, runF func(context.Context, *QuizOptions) error) *cobra.Command {
	opts := &QuizOptions{}
	cmd := &cobra.Command{
		Use:   "quiz",
		Short: "Drill interview questions with spaced repetition, or sit a timed mock interview",
		Long: `Ask interview questions about AWS Lambda and remember your answers.

Modes:
  practice  questions due for review first, then new ones, then generated
            numeric questions (cost, concurrency, billed duration...), so it
            never runs out
  mock      a timed mock interview (30 minutes by default) mixing topics and
            difficulties, without hints, ending in a debrief
  weak      the questions you missed most often

Answer with a letter (b), letters (a,c), a number ($1.03, 1,000, 200 ms), the
letters of items in order (c a b d), or, for open questions, your own words;
you then see the model answer and grade yourself 1 Again, 2 Hard, 3 Good or
4 Easy. Type ? for a hint (it caps the grade at Hard) and q to stop.

On a terminal the quiz opens in the tutor's quiz screen (a visible timer in a
mock interview, then the debrief). With --plain, or when standard input or
output is not a terminal, it reads answers line by line from standard input,
so it works in a pipe: an answer it cannot read is asked again with the
reason; the end of input ends the session, keeping every answer given.`,
		Example: `  lambdatutor quiz
  lambdatutor quiz --topic pricing --count 5
  lambdatutor quiz --mode mock --count 12 --duration 20m
  lambdatutor quiz --mode weak
  printf 'b\n$1.03\n' | lambdatutor quiz --plain --seed 42 --count 2`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return quizRun(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Mode, "mode", "practice", "practice, mock or weak")
	cmd.Flags().StringVar(&opts.Topic, "topic", "", "only questions on this lesson `ID` (listed by lambdatutor lessons)")
	_ = cmd.RegisterFlagCompletionFunc("topic", func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		cat, err := f.Catalog()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		bank, err := f.Bank()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var ids []string
		for _, l := range cat.All() {
			if strings.HasPrefix(l.ID, toComplete) && bank.HasTopic(l.ID) {
				ids = append(ids, l.ID+"\t"+l.Title)
			}
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	})
	cmd.Flags().IntVar(&opts.Difficulty, "difficulty", 0, "only questions of this difficulty: 1 easy, 2 medium, 3 hard")
	cmd.Flags().IntVar(&opts.Count, "count", quiz.DefaultCount, "number of questions")
	cmd.Flags().DurationVar(&opts.Duration, "duration", quiz.DefaultMockDuration, "time limit of a mock interview")
	cmd.Flags().BoolVar(&opts.Plain, "plain", false, "line-oriented questions and answers on standard input and output, also on a terminal")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 0, "seed for question order, option shuffling and generated questions (0: random)")
	return cmd
}

func quizRun(ctx context.Context, f *Factory, opts *QuizOptions) error {
	mode, err := quiz.ParseMode(opts.Mode)
	if err != nil {
		return err
	}
	if err := checkQuizFlags(opts); err != nil {
		return err
	}
	if opts.Difficulty < 0 || opts.Difficulty > 3 {
		return fmt.Errorf("--difficulty %d: use 1 (easy), 2 (medium) or 3 (hard)", opts.Difficulty)
	}
	if opts.Topic != "" {
		cat, err := f.Catalog()
		if err != nil {
			return err
		}
		if _, err := cat.Get(opts.Topic); err != nil {
			return fmt.Errorf("--topic: %w", err)
		}
	}
	bank, err := f.Bank()
	if err != nil {
		return err
	}
	store, u, err := f.LocalUser(ctx)
	if err != nil {
		return err
	}
	s, err := quiz.NewSession(ctx, bank, store, quiz.Options{
		Mode: mode, UserID: u.ID, Topic: opts.Topic, Difficulty: opts.Difficulty, Count: opts.Count,
		Duration: opts.Duration, Seed: opts.Seed, Clock: opts.Clock,
	})
	if err != nil {
		return err
	}
	if !opts.Plain && isTerminal(f.In) && isTerminal(f.Out) {
		cat, err := f.Catalog()
		if err != nil {
			return err
		}
		o := tui.Options{Catalog: cat, Store: store, UserID: u.ID, NoColor: f.noColor(), Local: true, Quiz: s}
		if err := f.packOptions(&o); err != nil {
			return err
		}
		return tui.Run(ctx, o, f.In, f.Out)
	}
	return runPlainQuiz(ctx, s, f.In, f.Out)
}

// plain is the line-oriented quiz: questions and feedback to out, answers
// from in, one per line.
type plain struct {
	s   *quiz.Session
	in  *bufio.Scanner
	out io.Writer
	// echo repeats each answer read after its prompt, so that a transcript
	// of piped input reads like a terminal session.
	echo bool
	err  error // first write error (a closed pipe)
}

func (p *plain) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.out, format, args...)
	}
}

// readLine reads one line; ok is false at the end of input.
func (p *plain) readLine() (string, bool) {
	if !p.in.Scan() {
		return "", false
	}
	line := strings.TrimSpace(p.in.Text())
	if p.echo {
		p.printf("%s\n", line)
	}
	return line, true
}

func runPlainQuiz(ctx context.Context, s *quiz.Session, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	p := &plain{s: s, in: sc, out: out, echo: !isTerminal(in)}
	switch s.Mode() {
	case quiz.Mock:
		p.printf("Mock interview: %s in %s. No hints. Type q to stop.\n", questions(s.Len()), clock(s.TimeLimit()))
	case quiz.Weak:
		p.printf("Weak spots: %s you missed before. Type ? for a hint, q to stop.\n", questions(s.Len()))
	default:
		p.printf("Practice: %s. Type ? for a hint, q to stop.\n", questions(s.Len()))
	}
	for p.err == nil {
		it, ok := s.Current()
		if !ok {
			break
		}
		p.showItem(it)
		if !p.answer(ctx, it) {
			s.End()
			break
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read answers: %w", err)
	}
	p.debrief(s.Debrief())
	return p.err
}

func (p *plain) showItem(it *quiz.Item) {
	q := it.Question
	meta := []string{q.Primary(), fmt.Sprintf("difficulty %d", q.Difficulty), it.Reason}
	if p.s.Mode() == quiz.Mock {
		meta = append(meta, clock(p.s.Remaining())+" left")
	}
	p.printf("\n[%d/%d] %s\n%s\n", it.Number, it.Total, strings.Join(meta, " · "), strings.TrimSpace(q.Prompt))
	if q.Log != "" {
		p.printf("\n")
		for _, l := range strings.Split(strings.TrimRight(q.Log, "\n"), "\n") {
			p.printf("    %s\n", l)
		}
	}
	if len(it.Choices) > 0 || len(it.Items) > 0 {
		p.printf("\n")
	}
	for i, c := range it.Choices {
		p.printf("  %s) %s\n", quiz.Letter(i), c)
	}
	for i, c := range it.Items {
		p.printf("  %s) %s\n", quiz.Letter(i), c)
	}
}

// answer asks until an answer is recorded; false means stop (end of input,
// q, or time up).
func (p *plain) answer(ctx context.Context, it *quiz.Item) bool {
	for p.err == nil {
		p.printf("Answer (%s): ", it.AnswerHelp())
		line, ok := p.readLine()
		if !ok {
			p.printf("\n")
			return false
		}
		switch strings.ToLower(line) {
		case "q", "quit", "exit":
			return false
		case "?", "hint":
			h, err := p.s.Hint()
			if errors.Is(err, quiz.ErrNoHints) {
				p.printf("No hints in a mock interview.\n")
			} else if err == nil {
				p.printf("Hint: %s\n(The grade of this question is now capped at Hard.)\n", h)
			}
			continue
		}
		fb, err := p.s.Submit(ctx, line)
		var ae *quiz.AnswerError
		switch {
		case errors.As(err, &ae):
			p.printf("%s. Try again.\n", ae.Reason)
			continue
		case errors.Is(err, quiz.ErrTimeUp):
			p.printf("Time is up: that answer came after the limit and was not counted.\n")
			return false
		case err != nil:
			p.err = err
			return false
		}
		if fb.NeedsSelfGrade {
			return p.selfGrade(ctx, fb)
		}
		p.feedback(fb)
		return true
	}
	return false
}

func (p *plain) selfGrade(ctx context.Context, fb quiz.Feedback) bool {
	if p.s.Mode() == quiz.Mock {
		// A mock interview reveals nothing until the debrief.
		p.printf("\nGrade your answer from memory, as after a real interview; the model answer comes in the debrief.\n")
	} else {
		p.printf("\nModel answer:\n%s\n", indent(fb.ModelAnswer))
	}
	if fb.Coverage != nil {
		p.printf("\nKey points (a hint, not your grade): %s.\n", fb.Coverage)
		for _, pt := range fb.Coverage.Points {
			mark := "[ ]"
			if pt.Mentioned {
				mark = "[x]"
			}
			p.printf("  %s %s\n", mark, pt.Point)
		}
	}
	for p.err == nil {
		p.printf("How did you do? 1 Again, 2 Hard, 3 Good, 4 Easy: ")
		line, ok := p.readLine()
		if !ok {
			p.printf("\nNot graded, so this answer was not saved.\n")
			return false
		}
		g, err := quiz.ParseGrade(line)
		if err != nil {
			p.printf("%s. Try again.\n", err)
			continue
		}
		done, err := p.s.SelfGrade(ctx, g)
		if err != nil {
			p.err = err
			return false
		}
		if p.s.Mode() == quiz.Mock {
			p.printf("Answer recorded.\n")
			return true
		}
		p.printf("%s\n", p.nextLine(done))
		if done.Explanation != "" {
			p.printf("%s\n", strings.TrimSpace(done.Explanation))
		}
		return true
	}
	return false
}

func (p *plain) feedback(fb quiz.Feedback) {
	if p.s.Mode() == quiz.Mock {
		// A mock interview reveals nothing until the debrief.
		p.printf("Answer recorded.\n")
		return
	}
	if fb.Correct {
		p.printf("Right: %s\n", firstLine(fb.CorrectAnswer))
	} else {
		p.printf("Wrong. You said: %s\nAnswer: %s\n", fb.Given, fb.CorrectAnswer)
	}
	if fb.Explanation != "" {
		p.printf("%s\n", fb.Explanation)
	}
	p.printf("%s\n", p.nextLine(fb))
}

func (p *plain) nextLine(fb quiz.Feedback) string {
	s := "Graded " + fb.Grade.String()
	if fb.HintUsed {
		s += " (hint used)"
	}
	if !fb.NextDue.IsZero() && p.s.Mode() != quiz.Mock {
		s += "; next review " + quiz.DueIn(fb.NextDue, p.s.Now())
	}
	return s + "."
}

// debrief prints the session's debrief: the same headline, topic lines and
// recommendations as the tutor's debrief screen (see quiz.Debrief).
func (p *plain) debrief(d quiz.Debrief) {
	p.printf("\n")
	title := "Session"
	if d.Mode == quiz.Mock {
		title = "Mock interview debrief"
	}
	p.printf("%s: %s\n", title, d.Headline())
	if d.Answered == 0 {
		p.printf("Nothing was saved.\n")
		return
	}
	if d.Mode == quiz.Mock {
		p.printf("Time: %s of %s.\n", clock(d.Ended.Sub(d.Started)), clock(d.TimeLimit))
	}
	p.printf("\nBy topic, weakest first:\n")
	for _, t := range d.Topics {
		p.printf("  %s  %s\n", t.Summary(), t.Topic)
	}
	if d.Mode == quiz.Mock {
		p.printf("\nTime per question:\n")
		for _, a := range d.Answers {
			if !a.Answered {
				continue
			}
			res := "wrong"
			if a.Correct {
				res = "right"
			}
			p.printf("  %2d. %s  %-5s  %s\n", a.Number, clock(a.Elapsed), res, a.Question.ID)
		}
		for _, a := range d.Answers {
			if a.Answered && a.Question.Kind == quiz.Free {
				p.printf("\nModel answer to %d. %s\n%s\n", a.Number, firstLine(a.Question.Prompt), indent(a.CorrectAnswer))
			}
		}
	}
	if len(d.Weakest) > 0 {
		var ids []string
		for _, t := range d.Weakest {
			ids = append(ids, t.Topic)
		}
		p.printf("\nRead next (from your mistakes): %s. For example `lambdatutor lessons show %s`.\n", strings.Join(ids, ", "), ids[0])
	}
	if review := d.ToReview(); len(review) > 0 {
		p.printf("\nTo review:\n")
		for _, a := range review {
			p.printf("  %d. %s\n", a.Number, firstLine(a.Question.Prompt))
			p.printf("     You said: %s\n", firstLine(a.Given))
			p.printf("     Answer: %s\n", firstLine(a.CorrectAnswer))
		}
	}
	if un := d.Unanswered(); len(un) > 0 {
		p.printf("\nNot answered (not counted in the score):\n")
		for _, a := range un {
			p.printf("  %d. %s\n", a.Number, firstLine(a.Question.Prompt))
		}
	}
	p.printf("\nYour answers are saved. `lambdatutor progress` shows what is due.\n")
}

// clock formats a duration as m:ss (or h:mm:ss).
func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func indent(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n")
}

func questions(n int) string {
	if n == 1 {
		return "1 question"
	}
	return fmt.Sprintf("%d questions", n)
}
