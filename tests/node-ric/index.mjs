// Handler run by aws-lambda-ric against the LambdaKit emulator.
// {"throw": "message"} makes it fail with a plain Error; anything else is echoed back.
export const handler = async (event, context) => {
  if (event && typeof event.throw === "string") {
    throw new Error(event.throw);
  }

  return {
    echo: event,
    requestId: context.awsRequestId,
    functionName: context.functionName,
    remainingTimePositive: context.getRemainingTimeInMillis() > 0,
  };
};
