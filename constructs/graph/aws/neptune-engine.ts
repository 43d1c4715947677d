/**
 * Amazon Neptune engine version. Global databases need 1.2.0.0 or later.
 *
 * @see https://docs.aws.amazon.com/neptune/latest/userguide/engine-releases.html
 */
export class NeptuneEngineVersion {
  public static readonly V1_3_4_0 = new NeptuneEngineVersion('1.3.4.0');
  public static readonly V1_4_5_1 = new NeptuneEngineVersion('1.4.5.1');

  /** A version not listed here, e.g. a newer patch release (`1.4.6.0`). */
  public static of(version: string): NeptuneEngineVersion {
    return new NeptuneEngineVersion(version);
  }

  private constructor(public readonly version: string) {}

  /** `[major, minor, patch, build]`; NaN parts for a malformed version. */
  public get parts(): number[] {
    return this.version.split('.').map(Number);
  }

  /** Parameter group family: `neptune1.4` for 1.4.x.y (the family exists from 1.2 on). */
  public get parameterGroupFamily(): string {
    const [major, minor] = this.parts;
    return `neptune${major}.${minor}`;
  }

  /** Whether the version supports global databases (1.2.0.0 and later). */
  public get supportsGlobalDatabase(): boolean {
    const [major, minor] = this.parts;
    return major > 1 || (major === 1 && minor >= 2);
  }
}

/**
 * Neptune instance class, with its memory (for the FreeableMemory alarm) and whether it is a
 * burstable class (not allowed in a global database).
 *
 * @see https://aws.amazon.com/neptune/pricing/
 */
export class NeptuneInstanceClass {
  public static readonly T4G_MEDIUM = new NeptuneInstanceClass('db.t4g.medium', 4, true);
  public static readonly R6G_LARGE = new NeptuneInstanceClass('db.r6g.large', 16, false);
  public static readonly R6G_XLARGE = new NeptuneInstanceClass('db.r6g.xlarge', 32, false);
  public static readonly R6G_2XLARGE = new NeptuneInstanceClass('db.r6g.2xlarge', 64, false);
  public static readonly R6G_4XLARGE = new NeptuneInstanceClass('db.r6g.4xlarge', 128, false);
  public static readonly R6I_LARGE = new NeptuneInstanceClass('db.r6i.large', 16, false);
  public static readonly R6I_XLARGE = new NeptuneInstanceClass('db.r6i.xlarge', 32, false);

  /** A class not listed here; give its memory so the memory alarm has a scale. */
  public static of(name: string, memoryGiB: number, burstable = false): NeptuneInstanceClass {
    return new NeptuneInstanceClass(name, memoryGiB, burstable);
  }

  private constructor(
    /** e.g. `db.r6g.large` */
    public readonly name: string,
    public readonly memoryGiB: number,
    public readonly burstable: boolean,
  ) {}
}
