package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/lambdatutor/lambdatutor/sandbox/billing"
	"github.com/lambdatutor/lambdatutor/sandbox/limits"
	"github.com/lambdatutor/lambdatutor/sandbox/sim"
	"github.com/lambdatutor/lambdatutor/simreport"
)

// The settings the Scale screen steps through.
var (
	scaleMemories    = []int{128, 256, 512, 1024, 1769, 3008, 10240}
	scaleConcurrency = []int{10, 50, 100, 500, 1000, 3000, 10000}
	scaleProvisioned = []int{0, 10, 50, 100, 200, 400, 800}
	// scaleMaxArrivals bounds one run of the screen (a few seconds of one
	// core): the tutor may serve a whole class over SSH.
	scaleMaxArrivals = 25e6
	// scaleCharts are the pairs of charts shown together; v moves on.
	scaleCharts = [][2]string{
		{simreport.ChartConcurrency, simreport.ChartThrottles},
		{simreport.ChartCold, simreport.ChartLatency},
		{simreport.ChartCost, simreport.ChartBacklog},
	}
)

// lessonScenarios are the built-in scenarios the lessons link to: S in
// the reader opens the Scale screen on them.
var lessonScenarios = map[string]string{
	"concurrency-and-scaling": "black-friday-new-account",
	"cold-starts":             "morning-spike",
	"cost-optimisation":       "steady-api",
}

// scaleKeysFor is the reader's S binding for a lesson that links to a
// scenario, and nothing for the others.
func scaleKeysFor(lessonID string, b key.Binding) []key.Binding {
	if lessonScenarios[lessonID] == "" {
		return nil
	}
	return []key.Binding{b}
}

type scaleKeys struct {
	next, prev, more, less, memUp, memDown, concUp, concDown, pcUp, pcDown, arch, scaling, charts key.Binding
}

// scaleScreen runs the traffic simulator on a built-in scenario and draws
// its charts; keys change the traffic, memory, concurrency and
// provisioned concurrency, and every change runs the model again.
type scaleScreen struct {
	c      *common
	keys   scaleKeys
	idx    int
	base   sim.Scenario
	factor float64
	mem    int
	conc   int
	pc     int
	arch   billing.Arch
	rule   limits.ScalingRule
	chart  int

	res     *sim.Result
	err     error
	running bool
	gen     int
	cancel  context.CancelFunc
	width   int
	height  int
}

// scaleDoneMsg brings a finished run; gen drops results of older settings.
type scaleDoneMsg struct {
	gen int
	res *sim.Result
	err error
}

// newScaleScreenFor opens the Scale screen on the built-in scenario name.
func newScaleScreenFor(c *common, name string) *scaleScreen {
	s := newScaleScreen(c)
	for i, n := range sim.BuiltinNames() {
		if n == name {
			s.load(i)
		}
	}
	return s
}

func newScaleScreen(c *common) *scaleScreen {
	s := &scaleScreen{c: c}
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	s.keys = scaleKeys{
		next:     b([]string{"right", "l", "tab"}, "→", "next scenario"),
		prev:     b([]string{"left", "h", "shift+tab"}, "←", "previous scenario"),
		more:     b([]string{"+", "="}, "+", "more traffic"),
		less:     b([]string{"-", "_"}, "-", "less traffic"),
		memUp:    b([]string{"M"}, "M", "more memory"),
		memDown:  b([]string{"m"}, "m", "less memory"),
		concUp:   b([]string{"C"}, "C", "higher account limit"),
		concDown: b([]string{"c"}, "c", "lower account limit"),
		pcUp:     b([]string{"P"}, "P", "more provisioned"),
		pcDown:   b([]string{"p"}, "p", "less provisioned"),
		arch:     b([]string{"a"}, "a", "architecture"),
		scaling:  b([]string{"s"}, "s", "scaling rule"),
		charts:   b([]string{"v"}, "v", "other charts"),
	}
	s.load(0)
	return s
}

// load picks built-in scenario i and resets the settings to its own.
func (s *scaleScreen) load(i int) {
	names := sim.BuiltinNames()
	s.idx = (i + len(names)) % len(names)
	s.base, _ = sim.Builtin(names[s.idx])
	s.factor = 1
	s.mem = s.base.Function.MemoryMB
	s.conc = s.base.Account.Concurrency
	s.pc = s.base.Account.Provisioned
	s.arch = s.base.Function.Arch
	s.rule = s.base.Account.Scaling
}

// scenario is the built-in scenario with the screen's settings.
func (s *scaleScreen) scenario() (sim.Scenario, error) {
	sc, err := s.base.ScaleTraffic(s.factor)
	if err != nil {
		return sc, err
	}
	sc.Function.MemoryMB = s.mem
	sc.Function.Arch = s.arch
	sc.Account.Concurrency = s.conc
	sc.Account.Provisioned = s.pc
	sc.Account.Scaling = s.rule
	return sc, sc.Validate()
}

func (s *scaleScreen) Init() tea.Cmd { return s.run() }

// run starts the model in the background, cancelling a run still going.
func (s *scaleScreen) run() tea.Cmd {
	sc, err := s.scenario()
	if err == nil && sc.ExpectedArrivals() > scaleMaxArrivals {
		err = fmt.Errorf("%.0f M requests is more than this screen simulates (%.0f M): press - for less traffic, or run `lambdatutor simulate --scenario %s` in a shell",
			sc.ExpectedArrivals()/1e6, scaleMaxArrivals/1e6, sc.Name)
	}
	if err != nil {
		s.err = err
		return nil
	}
	s.err = nil
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(s.c.ctx)
	s.cancel = cancel
	s.gen++
	gen := s.gen
	s.running = true
	return func() tea.Msg {
		r, err := sim.Run(ctx, sc)
		return scaleDoneMsg{gen, r, err}
	}
}

func (s *scaleScreen) leave() {
	if s.cancel != nil {
		s.cancel()
	}
}

func (s *scaleScreen) Title() string   { return "Scale" }
func (s *scaleScreen) Capturing() bool { return false }
func (s *scaleScreen) SetSize(w, h int) {
	s.width, s.height = w, h
}

func (s *scaleScreen) Keys() help.KeyMap {
	k := s.keys
	return keyMap{
		short: []key.Binding{k.next, k.more, k.less, k.memUp, k.concUp, k.pcUp, k.charts},
		full: [][]key.Binding{{k.next, k.prev, k.more, k.less, k.charts},
			{k.memUp, k.memDown, k.arch, k.concUp, k.concDown},
			{k.pcUp, k.pcDown, k.scaling}},
	}
}

// step moves v to the next value of steps above (up) or below it.
func step(steps []int, v int, up bool) int {
	if up {
		for _, x := range steps {
			if x > v {
				return x
			}
		}
		return v
	}
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i] < v {
			return steps[i]
		}
	}
	return v
}

func (s *scaleScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case scaleDoneMsg:
		if msg.gen == s.gen {
			s.running = false
			if msg.err != nil {
				s.err = msg.err
			} else {
				s.res = msg.res
			}
		}
		return s, nil
	case tea.KeyPressMsg:
		k := s.keys
		switch {
		case key.Matches(msg, k.next):
			s.load(s.idx + 1)
		case key.Matches(msg, k.prev):
			s.load(s.idx - 1)
		case key.Matches(msg, k.more):
			s.factor = min(s.factor*1.25, 100)
		case key.Matches(msg, k.less):
			s.factor = max(s.factor/1.25, 0.01)
		case key.Matches(msg, k.memUp):
			s.mem = step(scaleMemories, s.mem, true)
		case key.Matches(msg, k.memDown):
			s.mem = step(scaleMemories, s.mem, false)
		case key.Matches(msg, k.concUp):
			s.conc = step(scaleConcurrency, s.conc, true)
		case key.Matches(msg, k.concDown):
			s.conc = step(scaleConcurrency, s.conc, false)
			s.pc = min(s.pc, s.conc)
		case key.Matches(msg, k.pcUp):
			s.pc = min(step(scaleProvisioned, s.pc, true), s.conc)
		case key.Matches(msg, k.pcDown):
			s.pc = step(scaleProvisioned, s.pc, false)
		case key.Matches(msg, k.arch):
			if s.arch == billing.ARM64 {
				s.arch = billing.X86_64
			} else {
				s.arch = billing.ARM64
			}
		case key.Matches(msg, k.scaling):
			if s.rule == limits.ScalingLegacy {
				s.rule = limits.Scaling2023
			} else {
				s.rule = limits.ScalingLegacy
			}
		case key.Matches(msg, k.charts):
			s.chart = (s.chart + 1) % len(scaleCharts)
			return s, nil
		default:
			return s, nil
		}
		return s, s.run()
	}
	return s, nil
}

func (s *scaleScreen) View() string {
	st := s.c.styles
	// One column short of the edge, as every screen keeps its text.
	w := max(20, s.width-1)
	var b strings.Builder
	names := sim.BuiltinNames()
	b.WriteString(truncate(st.title.Render(fmt.Sprintf("Scenario %d/%d: %s", s.idx+1, len(names), s.base.Name)), w) + "\n")
	b.WriteString(truncate(st.dim.Render(s.base.Description), w) + "\n")
	sc, _ := s.scenario()
	b.WriteString(truncate(fmt.Sprintf("traffic ×%.2f (peak %s/s, %s) · %d MB %s", s.factor, short(sc.PeakRate()),
		sc.Invocation.Type, s.mem, s.arch), w) + "\n")
	b.WriteString(truncate(fmt.Sprintf("account limit %s · provisioned %d · scaling %s", short(float64(s.conc)), s.pc, s.rule), w) + "\n")
	lines := 4
	switch {
	case s.err != nil:
		b.WriteString(st.errText.Render(truncate(s.err.Error(), w)) + "\n")
		lines++
	case s.running:
		b.WriteString(st.dim.Render("simulating…") + "\n")
		lines++
	default:
		b.WriteString("\n")
		lines++
	}
	if s.res == nil {
		return b.String()
	}
	sum := s.res.Summary
	l1 := fmt.Sprintf("%s invocations · %s cold starts (%s) · %s throttles · peak concurrency %s",
		short(float64(sum.Invocations)), short(float64(sum.ColdStarts)), pctShort(sum.ColdShare), short(float64(sum.ThrottlesTotal)), short(float64(sum.PeakConcurrency)))
	l2 := fmt.Sprintf("latency p50 %s · p99 %s · cost %s over %v (%s per 30 days)",
		latency(sum.Latency.P50), latency(sum.Latency.P99), billing.FormatUSD(sum.Cost.TotalUSD), s.res.Scenario.Duration.D(),
		billing.FormatUSD(sum.Cost.TotalUSD*30*86400/sum.Seconds))
	b.WriteString(truncate(l1, w) + "\n" + truncate(l2, w) + "\n")
	lines += 2
	// Two charts in what is left: title, plot, axis, labels, legend.
	left := s.height - lines - 1
	pair := scaleCharts[s.chart]
	per := left / 2
	opts := simreport.ChartOptions{Width: max(20, w-12), Color: !s.c.NoColor}
	for _, name := range pair {
		if name == simreport.ChartBacklog && s.res.Scenario.Invocation.Type == sim.Sync {
			continue
		}
		opts.Height = max(2, per-5)
		if per < 7 {
			// Too small for two: one chart in the whole space.
			opts.Height = max(2, left-5)
		}
		b.WriteString("\n")
		for _, l := range strings.Split(strings.TrimSuffix(simreport.Chart(s.res, name, opts), "\n"), "\n") {
			b.WriteString(truncate(l, w) + "\n")
		}
		if per < 7 {
			break
		}
	}
	return b.String()
}

// short writes a count as 1.2k, 3.4M or a plain number.
func short(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.1fM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.1fk", v/1e3)
	case v == float64(int64(v)):
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.1f", v)
}

// latency writes milliseconds, as seconds from 10 s on.
func latency(ms float64) string {
	if ms >= 10000 {
		return fmt.Sprintf("%.1f s", ms/1000)
	}
	return fmt.Sprintf("%.0f ms", ms)
}

func pctShort(v float64) string {
	if v > 0 && v < 0.001 {
		return fmt.Sprintf("%.3f%%", v*100)
	}
	return fmt.Sprintf("%.1f%%", v*100)
}
