use cloudusage::tencent::vod::DescribeMediaPlayStatDetailsRequest;
use cloudusage::tencent::live::describe_pro_isp_play_sum_info_list::StatType;
use time::macros::datetime;

fn main() {
    let request = DescribeMediaPlayStatDetailsRequest::new("f", datetime!(2021-01-01 0:00 +8), datetime!(2021-01-01 2:00 +8));
    // Interval is a closed enum: a string or another enum is rejected.
    let _ = request.clone().interval("Minute");
    let _ = request.interval(StatType::Province);
}
