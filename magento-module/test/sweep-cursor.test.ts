import { describe, expect, it } from "vitest";
import { keepSeen, OVERLAP_MS, readCursor, versionKey, writeCursor } from "../connector/sweep-cursor.js";
import { searchCriteria } from "../connector/client/magento-client.js";

describe("the poll's cursor", () => {
  it("keeps only the order versions inside the next pass's overlap window", () => {
    const newest = "2026-12-01T12:10:00.000Z";
    const inside = new Date(Date.parse(newest) - OVERLAP_MS + 1000).toISOString();
    const outside = new Date(Date.parse(newest) - OVERLAP_MS - 1000).toISOString();
    expect(
      keepSeen(
        [
          [versionKey("1", inside), inside],
          [versionKey("2", outside), outside],
        ],
        newest,
      ),
    ).toEqual([versionKey("1", inside)]);
  });

  it("round-trips, and a garbled one starts over instead of failing the sweep", () => {
    const c = { at: "2026-12-01T12:10:00Z", seen: ["1@x"], ranAt: 5 };
    expect(readCursor(writeCursor(c))).toEqual(c);
    expect(readCursor("not json")).toBeNull();
    expect(readCursor(null)).toBeNull();
  });

  it("builds Magento's searchCriteria for the updated_at poll", () => {
    expect(
      searchCriteria([["updated_at", "2026-12-01 12:00:00", "gteq"]], {
        sort: ["updated_at", "ASC"],
        pageSize: 50,
        page: 2,
      }),
    ).toEqual({
      "searchCriteria[filter_groups][0][filters][0][field]": "updated_at",
      "searchCriteria[filter_groups][0][filters][0][value]": "2026-12-01 12:00:00",
      "searchCriteria[filter_groups][0][filters][0][condition_type]": "gteq",
      "searchCriteria[sortOrders][0][field]": "updated_at",
      "searchCriteria[sortOrders][0][direction]": "ASC",
      "searchCriteria[pageSize]": 50,
      "searchCriteria[currentPage]": 2,
    });
  });
});
