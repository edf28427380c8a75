package account

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/lambdatutor/lambdatutor/sandbox/cloud"
)

// check is one IAM action on one resource that a call needs.
type check struct{ action, resource string }

// batchActions: the batch operations are authorized as the action they
// batch (the SQS developer guide's "Amazon SQS API permissions").
var batchActions = map[string]string{
	"SendMessageBatch":             "SendMessage",
	"DeleteMessageBatch":           "DeleteMessage",
	"ChangeMessageVisibilityBatch": "ChangeMessageVisibility",
}

// authorizations lists what IAM checks for a call, with the resource ARNs
// the service authorizes against. Sources:
//   - https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
//   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
//   - https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html
//   - https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
//   - https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html
//   - https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html
//   - https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
//   - https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
func (a *Account) authorizations(svc, op string, in map[string]any) ([]check, error) {
	arn := func(format string, args ...any) string {
		return fmt.Sprintf("arn:aws:"+format, args...)
	}
	switch svc {
	case "dynamodb":
		table := a.tableARN
		switch op {
		case "ListTables":
			return []check{{"dynamodb:ListTables", "*"}}, nil
		case "BatchGetItem", "BatchWriteItem":
			items, _ := in["RequestItems"].(map[string]any)
			var cs []check
			for _, name := range sortedKeys(items) {
				cs = append(cs, check{"dynamodb:" + op, table(name)})
			}
			return cs, nil
		case "TransactWriteItems", "TransactGetItems":
			list, _ := in["TransactItems"].([]any)
			var cs []check
			for _, x := range list {
				item, _ := x.(map[string]any)
				for _, kind := range []string{"Put", "Update", "Delete", "ConditionCheck", "Get"} {
					if part, ok := item[kind].(map[string]any); ok {
						action := map[string]string{"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}[kind]
						cs = append(cs, check{"dynamodb:" + action, table(cloud.Str(part, "TableName"))})
					}
				}
			}
			return cs, nil
		case "Query", "Scan":
			res := table(cloud.Str(in, "TableName"))
			if idx := cloud.Str(in, "IndexName"); idx != "" {
				res += "/index/" + idx
			}
			return []check{{"dynamodb:" + op, res}}, nil
		}
		action, ok := dynamodbActions[op]
		if !ok {
			action = "dynamodb:" + op
		}
		return []check{{action, table(cloud.Str(in, "TableName"))}}, nil

	case "s3":
		bucket := "arn:aws:s3:::" + cloud.Str(in, "Bucket")
		object := bucket + "/" + cloud.Str(in, "Key")
		switch op {
		case "ListBuckets":
			return []check{{"s3:ListAllMyBuckets", "*"}}, nil
		case "ListObjectsV2", "HeadBucket":
			return []check{{"s3:ListBucket", bucket}}, nil
		case "CreateBucket", "DeleteBucket":
			return []check{{"s3:" + op, bucket}}, nil
		case "GetObject", "HeadObject":
			return []check{{"s3:GetObject", object}}, nil
		case "PutObject", "DeleteObject":
			return []check{{"s3:" + op, object}}, nil
		case "DeleteObjects":
			del, _ := in["Delete"].(map[string]any)
			objs, _ := del["Objects"].([]any)
			var cs []check
			for _, x := range objs {
				m, _ := x.(map[string]any)
				cs = append(cs, check{"s3:DeleteObject", bucket + "/" + cloud.Str(m, "Key")})
			}
			return cs, nil
		case "CopyObject":
			src := strings.TrimPrefix(cloud.Str(in, "CopySource"), "/")
			if k, err := url.PathUnescape(src); err == nil {
				src = k
			}
			return []check{{"s3:GetObject", "arn:aws:s3:::" + src}, {"s3:PutObject", object}}, nil
		}
		return []check{{"s3:" + op, bucket}}, nil

	case "sqs":
		action := op
		if b, ok := batchActions[op]; ok {
			action = b
		}
		switch op {
		case "ListQueues":
			return []check{{"sqs:ListQueues", "*"}}, nil
		case "GetQueueUrl", "CreateQueue":
			return []check{{"sqs:" + op, a.SQS.ARN(cloud.Str(in, "QueueName"))}}, nil
		}
		u := cloud.Str(in, "QueueUrl")
		return []check{{"sqs:" + action, a.SQS.ARN(u[strings.LastIndexByte(u, '/')+1:])}}, nil

	case "sns":
		switch op {
		case "ListTopics":
			return []check{{"sns:ListTopics", "*"}}, nil
		case "CreateTopic":
			return []check{{"sns:CreateTopic", arn("sns:%s:%s:%s", a.Region, a.ID, cloud.Str(in, "Name"))}}, nil
		case "Unsubscribe":
			sub := cloud.Str(in, "SubscriptionArn")
			if i := strings.LastIndexByte(sub, ':'); i > 0 {
				sub = sub[:i]
			}
			return []check{{"sns:Unsubscribe", sub}}, nil
		}
		topic := cloud.Str(in, "TopicArn")
		if topic == "" {
			topic = cloud.Str(in, "TargetArn")
		}
		return []check{{"sns:" + op, topic}}, nil

	case "events":
		bus := cloud.Str(in, "EventBusName")
		if bus == "" {
			bus = "default"
		}
		switch op {
		case "PutEvents":
			entries, _ := in["Entries"].([]any)
			seen := map[string]bool{}
			var cs []check
			for _, x := range entries {
				e, _ := x.(map[string]any)
				b := cloud.Str(e, "EventBusName")
				if b == "" {
					b = "default"
				}
				if !seen[b] {
					seen[b] = true
					cs = append(cs, check{"events:PutEvents", arn("events:%s:%s:event-bus/%s", a.Region, a.ID, b)})
				}
			}
			return cs, nil
		case "PutRule", "PutTargets":
			name := cloud.Str(in, "Name")
			if op == "PutTargets" {
				name = cloud.Str(in, "Rule")
			}
			if bus != "default" {
				name = bus + "/" + name
			}
			return []check{{"events:" + op, arn("events:%s:%s:rule/%s", a.Region, a.ID, name)}}, nil
		}
		return []check{{"events:" + op, "*"}}, nil

	case "secretsmanager":
		if op == "ListSecrets" {
			return []check{{"secretsmanager:ListSecrets", "*"}}, nil
		}
		if op == "CreateSecret" {
			return []check{{"secretsmanager:CreateSecret", arn("secretsmanager:%s:%s:secret:%s", a.Region, a.ID, cloud.Str(in, "Name"))}}, nil
		}
		return []check{{"secretsmanager:" + op, a.secretARN(cloud.Str(in, "SecretId"))}}, nil

	case "ssm":
		param := func(name string) string {
			return arn("ssm:%s:%s:parameter/%s", a.Region, a.ID, strings.TrimPrefix(name, "/"))
		}
		switch op {
		case "GetParameters":
			names, _ := in["Names"].([]any)
			var cs []check
			for _, x := range names {
				n, _ := x.(string)
				cs = append(cs, check{"ssm:GetParameters", param(n)})
			}
			return cs, nil
		case "GetParametersByPath":
			return []check{{"ssm:GetParametersByPath", param(strings.TrimSuffix(cloud.Str(in, "Path"), "/"))}}, nil
		}
		return []check{{"ssm:" + op, param(cloud.Str(in, "Name"))}}, nil

	case "lambda":
		if op != "Invoke" {
			return nil, cloud.Errorf(400, "InvalidParameterValueException", "the tutor's in-process Lambda offers Invoke only, not %s", op)
		}
		return []check{{"lambda:InvokeFunction", a.functionARN(cloud.Str(in, "FunctionName"))}}, nil
	}
	return nil, fmt.Errorf("no authorization rules for %s", svc)
}

// dynamodbActions are the IAM actions of the single-table operations,
// made once.
var dynamodbActions = map[string]string{
	"GetItem": "dynamodb:GetItem", "PutItem": "dynamodb:PutItem", "UpdateItem": "dynamodb:UpdateItem",
	"DeleteItem": "dynamodb:DeleteItem", "DescribeTable": "dynamodb:DescribeTable",
}

// tableARN is a DynamoDB table's ARN, made once per table name.
func (a *Account) tableARN(name string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	s, ok := a.tableARNs[name]
	if !ok {
		s = fmt.Sprintf("arn:aws:dynamodb:%s:%s:table/%s", a.Region, a.ID, name)
		if len(a.tableARNs) >= maxDecisions {
			clear(a.tableARNs)
		}
		a.tableARNs[name] = s
	}
	return s
}

// secretARN: IAM checks the secret's full ARN (with the six characters
// Secrets Manager appends); a secret that does not exist is checked
// against the ARN its name would have without them.
func (a *Account) secretARN(id string) string {
	if strings.HasPrefix(id, "arn:") {
		return id
	}
	if out, err := a.Secrets.Call("DescribeSecret", map[string]any{"SecretId": id}); err == nil {
		return out["ARN"].(string)
	}
	return fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s", a.Region, a.ID, id)
}

// functionARN accepts a name, a partial ARN (123456789012:function:name)
// or a full ARN, as Invoke does.
func (a *Account) functionARN(name string) string {
	switch {
	case strings.HasPrefix(name, "arn:"):
		return name
	case strings.Contains(name, ":function:"):
		return "arn:aws:lambda:" + a.Region + ":" + name
	}
	return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", a.Region, a.ID, name)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// invoke runs lambda:Invoke through the fleet's Invoker, with the SDK v3
// output shape: StatusCode 200 (RequestResponse), 202 (Event) or 204
// (DryRun), Payload, FunctionError "Unhandled" when the function failed.
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
func (a *Account) invoke(op string, in map[string]any) (map[string]any, error) {
	a.mu.Lock()
	inv := a.invoker
	a.mu.Unlock()
	fn := cloud.Str(in, "FunctionName")
	arnName := a.functionARN(fn)
	name := arnName[strings.LastIndex(arnName, ":function:")+len(":function:"):]
	if i := strings.IndexByte(name, ':'); i >= 0 {
		name = name[:i]
	}
	typ := cloud.Str(in, "InvocationType")
	if typ == "" {
		typ = "RequestResponse"
	}
	if typ != "RequestResponse" && typ != "Event" && typ != "DryRun" {
		return nil, cloud.Errorf(400, "InvalidParameterValueException", "1 validation error detected: Value '%s' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]", typ)
	}
	var payload []byte
	switch p := in["Payload"].(type) {
	case []byte:
		payload = p
	case string:
		payload = []byte(p)
	case nil:
		payload = []byte("{}")
	default:
		return nil, cloud.Errorf(400, "InvalidParameterValueException", "Payload must be a string or a Uint8Array, got %T", p)
	}
	if inv == nil {
		return nil, cloud.Errorf(404, "ResourceNotFoundException", "Function not found: %s", arnName)
	}
	status, result, fnErr, err := inv.Invoke(name, typ, payload)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"StatusCode": status, "ExecutedVersion": "$LATEST"}
	if typ == "RequestResponse" {
		out["Payload"] = result
		if fnErr != "" {
			out["FunctionError"] = fnErr
		}
	}
	return out, nil
}
