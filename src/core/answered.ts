/**
 * One endpoint of the target that answered the gate (any HTTP status) during this run. In core
 * because the answer log (src/http, an edge) writes it and the blame rule (src/verdict) reads it.
 */
export interface Answered {
  origin: string;
  path: string;
}
