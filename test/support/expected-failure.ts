/** Put in the message of an error a test provokes on purpose: the workers' logger leaves its retries out. */
export const EXPECTED_FAILURE = '[expected by the test]';
