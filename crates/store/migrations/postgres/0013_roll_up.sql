-- How a council rolls statuses up its framework tree: 'worst-of',
-- 'majority' or 'weighted'; NULL when the council has chosen no rule. The
-- weighted rule's points per status and the scores at which its Green and
-- Amber bands begin (decimal text) are given with that rule only.
ALTER TABLE councils ADD COLUMN roll_up TEXT
    CHECK (roll_up IS NULL OR roll_up IN ('worst-of', 'majority', 'weighted'));
ALTER TABLE councils ADD COLUMN roll_up_green TEXT;
ALTER TABLE councils ADD COLUMN roll_up_amber TEXT;
ALTER TABLE councils ADD COLUMN roll_up_red TEXT;
ALTER TABLE councils ADD COLUMN roll_up_green_from TEXT;
ALTER TABLE councils ADD COLUMN roll_up_amber_from TEXT
    CHECK ((COALESCE(roll_up, '') = 'weighted') = (roll_up_green IS NOT NULL AND roll_up_amber IS NOT NULL
        AND roll_up_red IS NOT NULL AND roll_up_green_from IS NOT NULL AND roll_up_amber_from IS NOT NULL));
