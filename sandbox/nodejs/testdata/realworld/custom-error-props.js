// event: {"email":"nope"}
class ValidationError extends Error {
  constructor(message, field) {
    super(message);
    this.name = 'ValidationError';
    this.statusCode = 400;
    this.field = field;
  }
}
exports.handler = async (event) => {
  if (!event.email.includes('@')) throw new ValidationError('email is invalid', 'email');
  return 'ok';
};
