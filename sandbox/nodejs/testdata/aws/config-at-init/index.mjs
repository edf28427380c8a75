// Configuration read once per execution environment, during INIT, with
// top-level await: a secret from Secrets Manager and parameters from SSM
// Parameter Store (a SecureString decrypted WithDecryption).
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html (top-level await)
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { SSMClient, GetParameterCommand, GetParametersCommand, ParameterNotFound } from '@aws-sdk/client-ssm';

const secrets = new SecretsManagerClient({});
const ssm = new SSMClient({});

const secret = await secrets.send(new GetSecretValueCommand({ SecretId: 'prod/stripe' }));
const stripe = JSON.parse(secret.SecretString);
const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/shop/api-key', WithDecryption: true }));
const many = await ssm.send(new GetParametersCommand({ Names: ['/shop/currency', '/shop/nope'] }));
let notFound;
try {
  await ssm.send(new GetParameterCommand({ Name: '/shop/nope' }));
} catch (e) {
  notFound = e instanceof ParameterNotFound ? e.name : 'other:' + e.name;
}
console.log('config loaded');

export const handler = async () => ({
  key: stripe.key, secretName: secret.Name, apiKey: Parameter.Value, type: Parameter.Type,
  currency: many.Parameters.map((p) => p.Value), invalid: many.InvalidParameters, notFound,
});
