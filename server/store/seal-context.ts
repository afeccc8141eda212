/**
 * Where each sealed column's additional data comes from. Readers elsewhere in the store (the
 * console's queries) use the same functions, so a value opens wherever it is read.
 */
export const sealContext = {
  messageBody: (conversationId: string, messageId: string) => `messages.body:${conversationId}:${messageId}`,
  replyEmail: (conversationId: string) => `conversations.reply_email:${conversationId}`,
  requestField: (requestId: string, field: 'name' | 'email' | 'details') => `requests.${field}:${requestId}`,
  requestEventData: (requestId: string) => `request_events.data:${requestId}`,
  requestExport: (requestId: string) => `request_exports.body:${requestId}`,
  totpSecret: (accountId: number) => `account_totp.secret:${accountId}`,
  webhookSecret: (endpointId: string) => `webhook_endpoints.secret:${endpointId}`,
};
