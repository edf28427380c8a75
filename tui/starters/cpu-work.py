# CPU-bound work: Lambda gives CPU in proportion to memory (1,769 MB is one
# vCPU), so more memory makes this faster. Change the memory with + and -
# and watch Duration and the cost.
def lambda_handler(event, context):
    x = 0
    for i in range(100000):
        x = (x + i * i) % 1000003
    return {"x": x}
