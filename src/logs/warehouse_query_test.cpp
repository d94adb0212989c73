// The query's text: what the user's options become. Whether it computes the
// C++ pass's table is tested by running it (tests/integrations,
// warehouse_query_test.cpp, on DuckDB).
#include "logs/warehouse_query.h"

#include <gtest/gtest.h>

namespace silentcors::logs {
namespace {

TEST(WarehouseQuery, NamesItsTableWindowAndBucket) {
  const std::string q = warehouse_query(SqlDialect::kAthena, WarehouseTable::kAlb, "logs.alb", 2500, 900000);
  EXPECT_NE(q.find("FROM logs.alb\n"), std::string::npos) << q;
  EXPECT_NE(q.find("r.t <= p.t + 2500"), std::string::npos) << q;
  EXPECT_NE(q.find("p.t % 900000"), std::string::npos) << q;
  EXPECT_NE(q.find("from_iso8601_timestamp(CASE WHEN request_creation_time = '-'"), std::string::npos) << q;
  const std::string cf = warehouse_query(SqlDialect::kDuckDb, WarehouseTable::kCloudFront,
                                         default_table_name(WarehouseTable::kCloudFront), 5000, 3600000);
  EXPECT_NE(cf.find("FROM cloudfront_standard_logs\n"), std::string::npos) << cf;
  EXPECT_NE(cf.find("cs_uri_stem AS path"), std::string::npos) << cf;
  EXPECT_EQ(cf.find("from_iso8601_timestamp"), std::string::npos) << cf;
}

TEST(WarehouseQuery, KnowsItsDialects) {
  EXPECT_EQ(sql_dialect_named("athena"), SqlDialect::kAthena);
  EXPECT_EQ(sql_dialect_named("duckdb"), SqlDialect::kDuckDb);
  EXPECT_FALSE(sql_dialect_named("bigquery"));
}

}  // namespace
}  // namespace silentcors::logs
