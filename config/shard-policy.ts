/**
 * What `postflight merge` accepts of shards that carry no run group (`verify --shard i/n`
 * without `--run-group` and outside a CI that names its run): it cannot know they are one run,
 * so it trusts them only when they started close together. Shards of one CI run start within
 * minutes of each other (a matrix waits for runners, not for hours); the nightly run is 24 h
 * apart, so a bound well under that separates "one run, slow runners" from "two nights".
 */
export interface ShardPolicy {
  /** Largest gap between the earliest and the latest start of ungrouped shards, in minutes. */
  ungroupedMaxStartSpreadMinutes: number;
}

export const SHARD_POLICY: ShardPolicy = {
  ungroupedMaxStartSpreadMinutes: 6 * 60,
};
