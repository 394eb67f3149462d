/** An error the CLI reports as one clear line (no stack), with the exit code to use. */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}
