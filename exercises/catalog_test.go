package exercises

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

func loadGood(t testing.TB) *Catalog {
	t.Helper()
	cat, err := Load(os.DirFS("testdata/good"))
	if err != nil {
		t.Fatalf("fixtures do not load: %v", err)
	}
	return cat
}

func TestLoadFixtures(t *testing.T) {
	cat := loadGood(t)
	if cat.Len() != 2 {
		t.Fatalf("%d exercises, want 2", cat.Len())
	}
	ex, err := cat.Get("greet")
	if err != nil {
		t.Fatal(err)
	}
	if ex.Order != 1 || ex.Dir != "01-greet" || len(ex.Hints) != 3 || ex.Lesson != "first-function" || ex.LessonAnchor != "the-handler" || ex.LessonRef() != "first-function#the-handler" {
		t.Errorf("parsed %+v", ex)
	}
	if !ex.ConfigFile || !strings.Contains(ex.StarterConfig, "memory_mb") || !strings.Contains(ex.SolutionConfig[Node], "reserved_concurrency") {
		t.Errorf("config files: starter %q solution %q", ex.StarterConfig, ex.SolutionConfig[Node])
	}
	if _, ok := ex.Solution[Node]["lib/greet.js"]; !ok {
		t.Errorf("extra solution file missing: %v", ex.Solution[Node])
	}
	if _, ok := ex.Solution[Node]["config.json"]; ok {
		t.Error("config.json counted as code")
	}
	// Events: template with set paths (one creating an object), json, file.
	var ev map[string]any
	if err := json.Unmarshal(ex.events[0][0], &ev); err != nil {
		t.Fatal(err)
	}
	if ev["queryStringParameters"].(map[string]any)["name"] != "Ada" || ev["requestContext"].(map[string]any)["stage"] != "test" || ev["httpMethod"] == nil {
		t.Errorf("template event with set: %s", ex.events[0][0])
	}
	if got := string(ex.events[1][1]); !strings.Contains(got, `"Cy"`) {
		t.Errorf("file event: %s", got)
	}
	for _, q := range []string{"greet", "01-greet", "1", "01"} {
		if e, err := cat.Get(q); err != nil || e.ID != "greet" {
			t.Errorf("Get(%q) = %v, %v", q, e, err)
		}
	}
	if _, err := cat.Get("gret"); err == nil || !strings.Contains(err.Error(), `did you mean "greet"`) {
		t.Errorf("near miss: %v", err)
	}
}

// broken builds a content folder from the good fixture with one file
// replaced.
func broken(t *testing.T, path, content string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, dir := range []string{"01-greet", "02-count"} {
		base := "testdata/good/" + dir
		files, cfg, err := readTree(os.DirFS("testdata/good"), dir)
		if err != nil {
			t.Fatal(err)
		}
		for name, c := range files {
			fsys[dir+"/"+name] = &fstest.MapFile{Data: []byte(c)}
		}
		if cfg != "" {
			fsys[dir+"/config.json"] = &fstest.MapFile{Data: []byte(cfg)}
		}
		_ = base
	}
	if content == "" {
		delete(fsys, path)
	} else {
		fsys[path] = &fstest.MapFile{Data: []byte(content)}
	}
	return fsys
}

func TestLoadReportsProblems(t *testing.T) {
	good, err := os.ReadFile("testdata/good/02-count/exercise.yaml")
	if err != nil {
		t.Fatal(err)
	}
	y := string(good)
	cases := []struct {
		name, path, content, want string
	}{
		{"unknown key", "02-count/exercise.yaml", y + "extra: 1\n", "02-count/exercise.yaml:22: field extra not found"},
		{"two hints", "02-count/exercise.yaml", strings.Replace(y, `hints: ["One.", "Two.", "Three."]`, `hints: ["One.", "Two."]`, 1), "exactly three hints"},
		{"bad lesson", "02-count/exercise.yaml", strings.Replace(y, "lesson: execution-environment", "lesson: execution-environment#nowhere", 1), "has no section #nowhere"},
		{"unknown lesson", "02-count/exercise.yaml", strings.Replace(y, "lesson: execution-environment", "lesson: cold-start", 1), `did you mean "cold-starts"`},
		{"unknown template", "02-count/exercise.yaml", strings.Replace(y, "template: hello-world}\n        repeat", "template: s3}\n        repeat", 1), `did you mean "s3-put"`},
		{"id mismatch", "02-count/exercise.yaml", strings.Replace(y, "id: count", "id: counter", 1), `does not match the folder name`},
		{"two event sources", "02-count/exercise.yaml", strings.Replace(y, "{template: hello-world}\n        repeat", "{template: hello-world, json: {a: 1}}\n        repeat", 1), "exactly one of template, json or file"},
		{"bad memory", "02-count/exercise.yaml", strings.Replace(y, "tests:", "function: {memory_mb: 64}\ntests:", 1), "memorySize"},
		{"missing solution", "02-count/python/solution/lambda_function.py", "", "lambda_function.py is missing"},
		{"missing README", "02-count/README.md", "", "README.md is missing"},
		{"yaml syntax", "02-count/exercise.yaml", "id: [\n", "02-count/exercise.yaml"},
		{"duplicate number", "01-count2/exercise.yaml", strings.Replace(y, "id: count", "id: count2", 1), "number 01 is also used"},
		{"config without config_file", "02-count/config.json", `{"memory_mb": 256}`, "config_file: true"},
		{"broken config", "01-greet/config.json", `{"memory": 1}`, `unknown key "memory"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := broken(t, c.path, c.content)
			if c.name == "duplicate number" {
				for _, f := range []string{"README.md", "node/starter/index.js", "node/solution/index.js", "python/starter/lambda_function.py", "python/solution/lambda_function.py"} {
					fsys["01-count2/"+f] = fsys["02-count/"+f]
				}
			}
			cat, err := Load(fsys)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to mention %q", err, c.want)
			}
			var ps Problems
			if !asProblems(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not Problems: %T", err)
			}
			// The other exercises still load.
			if cat == nil || cat.Len() < 1 {
				t.Errorf("no exercise survived a problem in one: %v", cat)
			}
		})
	}
}

func asProblems(err error, ps *Problems) bool {
	p, ok := err.(Problems)
	*ps = p
	return ok
}

func TestParseConfig(t *testing.T) {
	cf, err := ParseConfig(`{"memory_mb": 512, "timeout_s": 10, "reserved_concurrency": null}`)
	if err != nil || *cf.MemoryMB != 512 || *cf.TimeoutS != 10 || !cf.HasReserved || cf.ReservedConcurrency != nil {
		t.Fatalf("%+v, %v", cf, err)
	}
	for in, want := range map[string]string{
		"{\n  \"memory_mb\": 512,\n}": "line 3, column 1",
		`{"memory_mb": "big"}`:        "not a whole number",
		`{"memory_mb": 1.5}`:          "not a whole number",
		`{"timeout_s": null}`:         "is null",
		`[1]`:                         "one JSON object",
		`{} {}`:                       "more than one",
	} {
		if _, err := ParseConfig(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseConfig(%q) = %v, want %q", in, err, want)
		}
	}
}
