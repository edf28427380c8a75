package python

import (
	"testing"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

const apiHandler = `import json

def lambda_handler(event, context):
    body = json.loads(event["body"])
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"received": body, "path": event["rawPath"]})}
`

const apiEvent = `{"rawPath": "/orders", "body": "{\"orderId\": \"o-1\", \"items\": [1, 2, 3]}"}`

// BenchmarkColdStart measures a new execution environment up to a ready
// handler: instance, interpreter start, bootstrap and handler import
// (with the compiled interpreter already loaded).
func BenchmarkColdStart(b *testing.B) {
	if err := Prepare(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		f := py(b, apiHandler)
		r := run(b, f, apiEvent)
		if r.Error != nil {
			b.Fatal(r.Error)
		}
	}
}

// BenchmarkWarmInvoke measures one warm invoke of an API Gateway style
// handler (json.loads the body, json.dumps the reply).
func BenchmarkWarmInvoke(b *testing.B) {
	f := py(b, apiHandler)
	run(b, f, apiEvent)
	for b.Loop() {
		r := run(b, f, apiEvent)
		if r.Error != nil {
			b.Fatal(r.Error)
		}
	}
}

var _ = sandbox.Options{}
