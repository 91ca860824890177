"""Official documents (reports, letters) in the form of Nghị định 30/2020/NĐ-CP."""
