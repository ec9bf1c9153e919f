// Streaming handler run by aws-lambda-ric against the LambdaKit emulator.
// Writes "first", waits until the test's next invoke-side read (a short pause), writes "second";
// {"throw": "message"} fails after the first chunk.
export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType("text/plain");
  responseStream.write("first");
  await new Promise((resolve) => setTimeout(resolve, 200));
  if (event && typeof event.throw === "string") {
    throw new Error(event.throw);
  }

  responseStream.write("second");
  responseStream.end();
});
