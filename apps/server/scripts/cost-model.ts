// The monthly cost per learner, projected from measured figures (cost-measure.ts) and price
// assumptions a reader can change. Pure arithmetic: no I/O.

/** What one learner session and one content version cost, as measured on a real server. */
export interface Measured {
  /** Server process CPU per session (ms), idle background work excluded. */
  serverCpuMsPerSession: number;
  /** PostgreSQL backends' CPU per session (ms); null when it could not be read (remote or embedded database). */
  dbCpuMsPerSession: number | null;
  /** Bytes the database sent to the server per session. */
  dbBytesPerSession: number | null;
  /** Growth of the database per session (bytes, table + index pages). */
  dbGrowthBytesPerSession: number | null;
  /** HTTP response bytes (headers + bodies) the server sent per session. */
  egressBytesPerSession: number;
  /** Bucket requests and bytes for one replica to load one content version of every course. */
  contentVersion: { classA: number; classB: number; bytes: number };
  /** Bucket requests per replica-hour while serving (version checks every CONTENT_REFRESH_SECONDS). */
  bucketOpsPerReplicaHour: { classA: number; classB: number };
  /** Recorded cost of one generated plan at the assumed model prices (US dollars). */
  planCostUsd: number;
}

export interface Assumptions {
  sessionsPerLearnerPerMonth: number;
  /** Busiest hour's traffic over the month's average hour. */
  peakToAverage: number;
  /** CPU share a replica or database may use at the peak before another is needed. */
  targetUtilisation: number;
  /** Always-on replicas (availability), whatever the load. */
  minReplicas: number;
  /** One replica: 1 dedicated vCPU (US dollars a month). */
  replicaUsdPerMonth: number;
  /** Outbound transfer from the compute provider (US dollars per GB). */
  computeEgressUsdPerGb: number;
  /** Neon compute (US dollars per CU-hour; 1 CU = 1 vCPU, 4 GB). */
  neonUsdPerCuHour: number;
  /** Smallest always-on Neon compute (CU). */
  neonMinCu: number;
  neonStorageUsdPerGbMonth: number;
  /** Neon public network transfer beyond the included GB (US dollars per GB). */
  neonTransferUsdPerGb: number;
  neonTransferIncludedGb: number;
  r2ClassAUsdPerMillion: number;
  r2ClassBUsdPerMillion: number;
  /** R2's free monthly operations (Class A, Class B). */
  r2FreeClassA: number;
  r2FreeClassB: number;
  /** Content versions published per month (every course). */
  contentVersionsPerMonth: number;
  /** Generated plans per learner per month (pro learners x plans each). */
  plansPerLearnerPerMonth: number;
}

export const HOURS_PER_MONTH = 730;
const GB = 1e9;

export interface Projection {
  learners: number;
  replicas: number;
  lines: { item: string; usdPerMonth: number }[];
  usdPerMonth: number;
  usdPerLearnerPerMonth: number;
  /** The same without the always-on floors (minimum replicas, minimum database size): the marginal cost. */
  marginalUsdPerLearnerPerMonth: number;
}

export function project(m: Measured, a: Assumptions, learners: number): Projection {
  const sessions = learners * a.sessionsPerLearnerPerMonth;
  const seconds = HOURS_PER_MONTH * 3600;
  // Cores busy on average, then at the peak, then provisioned at the target utilisation.
  const serverCores = (sessions * m.serverCpuMsPerSession) / 1000 / seconds;
  const serverNeeded = (serverCores * a.peakToAverage) / a.targetUtilisation;
  const replicas = Math.max(a.minReplicas, Math.ceil(serverNeeded));
  const dbCores = m.dbCpuMsPerSession === null ? 0 : (sessions * m.dbCpuMsPerSession) / 1000 / seconds;
  const dbNeeded = (dbCores * a.peakToAverage) / a.targetUtilisation;
  const cu = Math.max(a.neonMinCu, dbNeeded);
  const egressGb = (sessions * m.egressBytesPerSession) / GB;
  const dbTransferGb = m.dbBytesPerSession === null ? 0 : (sessions * m.dbBytesPerSession) / GB;
  const storageGb = m.dbGrowthBytesPerSession === null ? 0 : (sessions * m.dbGrowthBytesPerSession) / GB;
  const classA = replicas * (a.contentVersionsPerMonth * m.contentVersion.classA + HOURS_PER_MONTH * m.bucketOpsPerReplicaHour.classA);
  const classB = replicas * (a.contentVersionsPerMonth * m.contentVersion.classB + HOURS_PER_MONTH * m.bucketOpsPerReplicaHour.classB);
  const lines = [
    { item: `compute: ${replicas} replica(s) (${serverNeeded.toFixed(3)} needed at the peak)`, usdPerMonth: replicas * a.replicaUsdPerMonth },
    { item: `compute egress: ${egressGb.toFixed(2)} GB`, usdPerMonth: egressGb * a.computeEgressUsdPerGb },
    { item: `Neon compute: ${cu.toFixed(3)} CU always on (${dbNeeded.toFixed(3)} needed at the peak)`, usdPerMonth: cu * HOURS_PER_MONTH * a.neonUsdPerCuHour },
    { item: `Neon storage added this month: ${storageGb.toFixed(2)} GB`, usdPerMonth: storageGb * a.neonStorageUsdPerGbMonth },
    { item: `Neon transfer: ${dbTransferGb.toFixed(1)} GB`, usdPerMonth: Math.max(0, dbTransferGb - a.neonTransferIncludedGb) * a.neonTransferUsdPerGb },
    {
      item: `R2: ${Math.round(classA)} Class A, ${Math.round(classB)} Class B operations`,
      usdPerMonth: (Math.max(0, classA - a.r2FreeClassA) * a.r2ClassAUsdPerMillion + Math.max(0, classB - a.r2FreeClassB) * a.r2ClassBUsdPerMillion) / 1e6,
    },
    { item: `plans: ${Math.round(learners * a.plansPerLearnerPerMonth)} generated`, usdPerMonth: learners * a.plansPerLearnerPerMonth * m.planCostUsd },
  ];
  const usdPerMonth = lines.reduce((n, l) => n + l.usdPerMonth, 0);
  const marginal =
    serverNeeded * a.replicaUsdPerMonth +
    egressGb * a.computeEgressUsdPerGb +
    dbNeeded * HOURS_PER_MONTH * a.neonUsdPerCuHour +
    storageGb * a.neonStorageUsdPerGbMonth +
    dbTransferGb * a.neonTransferUsdPerGb +
    learners * a.plansPerLearnerPerMonth * m.planCostUsd;
  return { learners, replicas, lines, usdPerMonth, usdPerLearnerPerMonth: usdPerMonth / learners, marginalUsdPerLearnerPerMonth: marginal / learners };
}
