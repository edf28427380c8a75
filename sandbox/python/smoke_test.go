package python

import "testing"

func TestSmoke(t *testing.T) {
	f := py(t, "import json, time, logging\nlogger = logging.getLogger()\nlogger.setLevel(logging.INFO)\nprint('init')\ndef lambda_handler(event, context):\n    print('hello', event)\n    logger.info('info %s', context.aws_request_id)\n    time.sleep(0.5)\n    return {'statusCode': 200, 'body': json.dumps(event), 'rem': context.get_remaining_time_in_millis()}\n")
	for i := 0; i < 2; i++ {
		r := run(t, f, `{"a": 1}`)
		t.Logf("%s\n%s", r.Response, r.LogText())
	}
	r := run(t, py(t, "def lambda_handler(event, context):\n    raise ValueError('bad')\n"), `{}`)
	t.Logf("%s\n%s", r.Response, r.LogText())
}
