def lambda_handler(event, context):
    print("request", context.aws_request_id)
    return {
        "function": context.function_name,
        "version": context.function_version,
        "memory": context.memory_limit_in_mb,
        "group": context.log_group_name,
        "stream": context.log_stream_name,
        "arn": context.invoked_function_arn,
        "hasTime": context.get_remaining_time_in_millis() > 0,
        "identity": repr(context.identity),
    }
