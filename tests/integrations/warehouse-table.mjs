// node warehouse-table.mjs alb|cloudfront LOG QUERY
//
// Loads an ALB or CloudFront access log into an embedded DuckDB as the table
// AWS's Athena guide creates over the same files (the guide's column names
// and types; for ALB its RegexSerDe pattern, for CloudFront tab-separated
// fields with the two header lines skipped), runs the SQL in the file QUERY
// (`silentcors logs --sql duckdb` prints it) and writes its rows as a JSON
// array. What the C++ pass reads line by line, the query reads as a table.
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';

const [format, log, queryFile] = process.argv.slice(2);
if (!['alb', 'cloudfront'].includes(format) || !log || !queryFile) {
  console.error('usage: node warehouse-table.mjs alb|cloudfront LOG QUERY');
  process.exit(2);
}
const quoted = (text) => `'${text.replace(/'/g, "''")}'`;

// https://docs.aws.amazon.com/athena/latest/ug/create-alb-access-logs-table.html
const albPattern = String.raw`([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) (-|[-0-9]*) ([-0-9]*) ([-0-9]*) \"([^ ]*) (.*) (- |[^ ]*)\" \"([^\"]*)\" ([A-Z0-9-_]+) ([A-Za-z0-9.-]*) ([^ ]*) \"([^\"]*)\" \"([^\"]*)\" \"([^\"]*)\" ([-.0-9]*) ([^ ]*) \"([^\"]*)\" \"([^\"]*)\" \"([^ ]*)\" \"([^\s]+?)\" \"([^\s]+)\" \"([^ ]*)\" \"([^ ]*)\"`;
const albColumns = {
  type: 'VARCHAR', time: 'VARCHAR', elb: 'VARCHAR', client_ip: 'VARCHAR', client_port: 'INTEGER',
  target_ip: 'VARCHAR', target_port: 'INTEGER', request_processing_time: 'DOUBLE',
  target_processing_time: 'DOUBLE', response_processing_time: 'DOUBLE', elb_status_code: 'INTEGER',
  target_status_code: 'VARCHAR', received_bytes: 'BIGINT', sent_bytes: 'BIGINT', request_verb: 'VARCHAR',
  request_url: 'VARCHAR', request_proto: 'VARCHAR', user_agent: 'VARCHAR', ssl_cipher: 'VARCHAR',
  ssl_protocol: 'VARCHAR', target_group_arn: 'VARCHAR', trace_id: 'VARCHAR', domain_name: 'VARCHAR',
  chosen_cert_arn: 'VARCHAR', matched_rule_priority: 'VARCHAR', request_creation_time: 'VARCHAR',
  actions_executed: 'VARCHAR', redirect_url: 'VARCHAR', lambda_error_reason: 'VARCHAR',
  target_port_list: 'VARCHAR', target_status_code_list: 'VARCHAR', classification: 'VARCHAR',
  classification_reason: 'VARCHAR',
};

// https://docs.aws.amazon.com/athena/latest/ug/create-cloudfront-table-standard-logs.html
const cloudfrontColumns = {
  date: 'DATE', time: 'VARCHAR', x_edge_location: 'VARCHAR', sc_bytes: 'BIGINT', c_ip: 'VARCHAR',
  cs_method: 'VARCHAR', cs_host: 'VARCHAR', cs_uri_stem: 'VARCHAR', sc_status: 'INTEGER',
  cs_referrer: 'VARCHAR', cs_user_agent: 'VARCHAR', cs_uri_query: 'VARCHAR', cs_cookie: 'VARCHAR',
  x_edge_result_type: 'VARCHAR', x_edge_request_id: 'VARCHAR', x_host_header: 'VARCHAR',
  cs_protocol: 'VARCHAR', cs_bytes: 'BIGINT', time_taken: 'FLOAT', x_forwarded_for: 'VARCHAR',
  ssl_protocol: 'VARCHAR', ssl_cipher: 'VARCHAR', x_edge_response_result_type: 'VARCHAR',
  cs_protocol_version: 'VARCHAR', fle_status: 'VARCHAR', fle_encrypted_fields: 'INTEGER', c_port: 'INTEGER',
  time_to_first_byte: 'FLOAT', x_edge_detailed_result_type: 'VARCHAR', sc_content_type: 'VARCHAR',
  sc_content_len: 'BIGINT', sc_range_start: 'BIGINT', sc_range_end: 'BIGINT',
};

// Athena reads '-' in a number column as NULL: TRY_CAST does the same.
const typed = (columns, from) =>
  Object.entries(columns).map(([name, type]) => `TRY_CAST(${from}."${name}" AS ${type}) AS "${name}"`).join(', ');

const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
if (format === 'alb') {
  const names = '[' + Object.keys(albColumns).map(quoted).join(', ') + ']';
  await connection.run(`
    CREATE TABLE alb_access_logs AS
    WITH lines AS (SELECT unnest(string_split(content, chr(10))) AS line FROM read_text(${quoted(log)})),
    fields AS (SELECT unnest(regexp_extract(line, ${quoted(albPattern)}, ${names})) FROM lines
               WHERE regexp_full_match(line, ${quoted(albPattern)}))
    SELECT ${typed(albColumns, 'fields')} FROM fields`);
} else {
  const all = '{' + Object.keys(cloudfrontColumns).map((name) => `${quoted(name)}: 'VARCHAR'`).join(', ') + '}';
  await connection.run(`
    CREATE TABLE cloudfront_standard_logs AS
    WITH fields AS (SELECT * FROM read_csv(${quoted(log)}, delim = chr(9), header = false, skip = 2, quote = '',
                                           escape = '', null_padding = true, columns = ${all}))
    SELECT ${typed(cloudfrontColumns, 'fields')} FROM fields`);
}
const result = await connection.runAndReadAll(fs.readFileSync(queryFile, 'utf8'));
const rows = result.getRowObjects();
process.stdout.write(JSON.stringify(rows, (key, value) => (typeof value === 'bigint' ? Number(value) : value)) + '\n');
